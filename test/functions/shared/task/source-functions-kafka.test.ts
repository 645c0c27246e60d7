import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { readKafkaTopic } from '../../../../bus/log/kafka/kafka-read.js';
import { createSourceHandler } from '../../../../functions/shared/task/source-handler.js';
import { httpSource } from '../../../../functions/sources/http/connector.js';
import { kafkaSource } from '../../../../functions/sources/kafka/connector.js';
import { mqttSource } from '../../../../functions/sources/mqtt/connector.js';
import { rabbitmqSource } from '../../../../functions/sources/rabbitmq/connector.js';
import { describeKafka } from '../../../helpers/kafka-under-test.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));
const b64 = (text: string) => Buffer.from(text).toString('base64');
const mskRecord = (offset: number) => ({
  topic: 'orders',
  partition: 0,
  offset,
  timestamp: 1764489600000,
  key: b64(`k${offset}`),
  value: b64(`{"n":${offset}}`),
});

describeKafka('the source functions producing into Kafka (CONFLUX_TARGET)', (kafka) => {
  it('each trigger writes its events into the target topic, keyed and with headers from specs', {
    timeout: 60_000,
  }, async () => {
    const stamp = `${process.pid}-${Date.now() % 1e8}`;
    const events = {
      kafka: { eventSource: 'aws:kafka', records: { 'orders-0': [mskRecord(1), mskRecord(2)] } },
      http: { ...fixture('lambda-http-v2-event.json'), body: '{"id":1}' },
      rabbitmq: fixture('lambda-rmq-event.json'),
      mqtt: fixture('iot-rule-message.json'),
    };
    for (const [type, event] of Object.entries(events) as [keyof typeof events, unknown][]) {
      const topic = `source-fn-${type}-${stamp}`;
      await kafka.createTopic(topic, 4);
      const connector = { kafka: kafkaSource, http: httpSource, rabbitmq: rabbitmqSource, mqtt: mqttSource }[type];
      const handler = createSourceHandler(connector, {
        CONFLUX_TARGET: JSON.stringify({
          brokers: kafka.brokers(),
          topic,
          key: { form: 'CONSTANT', value: type },
          headers: { from: { form: 'CONSTANT', value: `source-${type}` } },
        }),
      });
      try {
        const answer = await handler(event);
        expect(answer, type).not.toHaveProperty('statusCode', 503);
      } finally {
        await handler.close();
      }
      const records = await readKafkaTopic(kafka.brokers(), topic);
      expect(records.length, type).toBe(type === 'kafka' ? 2 : 1);
      for (const record of records) {
        expect(record.key?.toString()).toBe(type);
        expect(record.headers).toEqual({ from: `source-${type}` });
        const cloudEvent = JSON.parse(record.value.toString()) as { specversion: string; source: string };
        expect(cloudEvent.specversion, type).toBe('1.0');
      }
    }
  });
});
