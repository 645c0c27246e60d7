import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSourceHandler } from '../../../../functions/shared/task/source-handler.js';
import type { TaskHandler } from '../../../../functions/shared/task/task-handler.js';
import { httpSource } from '../../../../functions/sources/http/connector.js';
import { kafkaSource } from '../../../../functions/sources/kafka/connector.js';
import { mqttSource } from '../../../../functions/sources/mqtt/connector.js';
import { rabbitmqSource } from '../../../../functions/sources/rabbitmq/connector.js';
import { type KafkaMock, startKafkaMock } from '../../../helpers/kafka-mock.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));
const b64 = (text: string) => Buffer.from(text).toString('base64');
const record = (partition: number, offset: number) => ({
  topic: 'orders',
  partition,
  offset,
  timestamp: 1764489600000,
  key: null,
  value: b64(`{"n":${offset}}`),
});
const mskEvent = {
  eventSource: 'aws:kafka',
  records: { 'orders-0': [record(0, 1), record(0, 2)], 'orders-1': [record(1, 7)] },
};
const rmq = fixture('lambda-rmq-event.json');
const rmqEvent = {
  ...rmq,
  rmqMessagesByQueue: { 'q::/': [rmq.rmqMessagesByQueue['test::/'][0], rmq.rmqMessagesByQueue['test::/'][0]] },
};
const http = { ...fixture('lambda-http-v2-event.json'), body: '{"id":1}' };
const iot = fixture('iot-rule-message.json');

// kafkajs gives up on a broker after its retries (bus/log/kafka/kafka-client.ts): ~20 s refused, ~45 s gone
const GIVE_UP = 90_000;
let kafka: KafkaMock;
beforeAll(async () => {
  kafka = await startKafkaMock();
});
afterAll(() => kafka.stop());

describe('a source function whose Kafka cluster cannot be reached', () => {
  it(
    'fails the invocation when no broker answers the connect: nothing is acknowledged',
    async () => {
      const handler = createSourceHandler(kafkaSource, {
        CONFLUX_TARGET: JSON.stringify({ brokers: ['127.0.0.1:1'], topic: 'orders-copy' }),
      });
      await expect(handler(mskEvent)).rejects.toMatchObject({
        code: 'log.kafka',
        message: expect.stringContaining('cannot connect to 127.0.0.1:1'),
      });
      await handler.close();
    },
    GIVE_UP,
  );

  it(
    'answers every trigger as undelivered when the cluster goes away after connecting',
    async () => {
      const handlers: Record<string, TaskHandler> = {};
      for (const connector of [kafkaSource, httpSource, rabbitmqSource, mqttSource]) {
        const type = connector.type;
        handlers[type] = createSourceHandler(connector, {
          CONFLUX_TARGET: JSON.stringify({ brokers: kafka.brokers, topic: `gone-${type}` }),
        });
      }
      // connected and delivering
      expect(await handlers.kafka!(mskEvent)).toEqual({ batchItemFailures: [], delivered: 3, filtered: 0 });
      expect(await handlers.http!(http)).toMatchObject({ statusCode: 200 });
      expect(await handlers.rabbitmq!(rmqEvent)).toEqual({ delivered: 2, filtered: 0 });
      expect(await handlers.mqtt!(iot)).toEqual({ delivered: 1, filtered: 0 });
      await kafka.stop();
      const errors = console.error;
      console.error = () => undefined; // the HTTP answer logs its reason
      try {
        const [fromKafka, fromHttp, fromRmq, fromIot] = await Promise.allSettled([
          handlers.kafka!(mskEvent),
          handlers.http!(http),
          handlers.rabbitmq!(rmqEvent),
          handlers.mqtt!(iot),
        ]);
        expect(fromKafka).toEqual({
          status: 'fulfilled',
          value: {
            batchItemFailures: [
              { itemIdentifier: { partition: 'orders-0', offset: 1 } },
              { itemIdentifier: { partition: 'orders-0', offset: 2 } },
              { itemIdentifier: { partition: 'orders-1', offset: 7 } },
            ],
            delivered: 0,
            filtered: 0,
          },
        });
        expect(fromHttp).toMatchObject({ status: 'fulfilled', value: { statusCode: 503 } });
        expect(fromRmq).toMatchObject({ status: 'rejected', reason: { code: 'handler.batch-failed' } });
        expect((fromRmq as PromiseRejectedResult).reason.message).toMatch(
          /^2 of 2 messages failed; the whole batch is retried:\n\$\.rmqMessagesByQueue\['q::\/'\]\[0\]: the sink refused the batch: /,
        );
        expect(fromIot).toMatchObject({ status: 'rejected', reason: { code: 'handler.batch-failed' } });
        expect((fromIot as PromiseRejectedResult).reason.message).toContain(
          `the message on devices/d7/telemetry (id ${iot.id}): the sink refused the batch`,
        );
      } finally {
        console.error = errors;
        await Promise.all(Object.values(handlers).map((handler) => handler.close().catch(() => undefined)));
      }
    },
    GIVE_UP,
  );
});
