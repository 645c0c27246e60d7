/**
 * The source functions of the zips test (not a test file itself): each bundle runs in a fresh Node
 * process with its own trigger's recorded event (Lambda) and the FC batch (ORD-9), producing into
 * the librdkafka mock cluster; the records are read back with kafkajs and must hold, in order, the
 * CloudEvents the emulator's source builds for those messages (the FC event as it came).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { expect } from 'vitest';
import type { CloudEvent } from '../../../bus/event.js';
import { kafkaRecordToEvent } from '../../../functions/adapters/kafka-event.js';
import { lambdaRmqItems } from '../../../functions/adapters/lambda/rmq.js';
import { httpEvent, requestHeaders } from '../../../functions/adapters/source/events/http.js';
import { mqttEvent } from '../../../functions/adapters/source/events/mqtt.js';
import type { SinkCase } from './sink-targets.js';

/** A source function's case: a sink case with the trigger's own event. */
export interface SourceCase extends SinkCase {
  lambdaEvent: unknown;
}

/** One record read back: its key, its value parsed, its headers as text. */
interface ReadRecord {
  key: string | null;
  value: unknown;
  headers: Record<string, string>;
}

/**
 * The first `count` records of `topic`, by a fresh consumer group from the beginning (all of one
 * key land in one partition, so their order is the produce order).
 */
export async function readRecords(brokers: string[], topic: string, count: number): Promise<ReadRecord[]> {
  const kafka = new Kafka({ clientId: 'conflux-zips', brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `zips-${randomUUID()}`, maxWaitTimeInMs: 50 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    const records: ReadRecord[] = [];
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          eachMessage: async ({ message }) => {
            const headers = Object.fromEntries(
              Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
            );
            records.push({
              key: message.key === null ? null : message.key.toString(),
              value: JSON.parse(message.value?.toString() ?? 'null'),
              headers,
            });
            if (records.length >= count) resolve();
          },
        })
        .catch(reject);
    });
    return records;
  } finally {
    await consumer.disconnect();
  }
}

const fixture = (root: string, name: string) =>
  JSON.parse(readFileSync(join(root, 'test/functions/shared/fixtures', name), 'utf8')) as Record<string, unknown>;

/** The cases of the source bundles; every one keys its records `orders` (one partition, so one order). */
export function sourceCases(root: string, brokers: string[], fcEvent: CloudEvent): Record<string, SourceCase> {
  const msk = JSON.parse(readFileSync(join(root, 'test/infra/build/fixtures/lambda-msk-event.json'), 'utf8'));
  const target = (topic: string) => ({
    CONFLUX_TARGET: JSON.stringify({ brokers, topic, key: 'orders', headers: { 'ce-type': '$.type' } }),
  });
  const produced = async (topic: string, expected: unknown[]) => {
    const records = await readRecords(brokers, topic, expected.length);
    expect(records.map((r) => r.value)).toEqual(expected);
    for (const record of records) {
      expect(record.key).toBe('orders');
      expect(record.headers).toEqual({ 'ce-type': (record.value as CloudEvent).type });
    }
  };
  const topics = { kafka: topic('kafka'), http: topic('http'), rabbitmq: topic('rabbitmq'), mqtt: topic('mqtt') };

  // The Kafka source's events for the MSK records, as the emulator builds them from the wire record.
  const mskEvent = (group: string, index: number) => {
    const r = msk.records[group][index];
    const bytes = (text: string | null) => (text === null ? null : Buffer.from(text, 'base64'));
    const headers = Object.fromEntries(
      (r.headers as Record<string, number[]>[]).flatMap((h) =>
        Object.entries(h).map(([name, b]) => [name, Buffer.from(b).toString()]),
      ),
    );
    return kafkaRecordToEvent({ ...r, key: bytes(r.key), value: bytes(r.value), headers });
  };
  const http = fixture(root, 'lambda-http-v2-event.json') as Record<string, unknown> & {
    headers: Record<string, string>;
  };
  const rmq = fixture(root, 'lambda-rmq-event.json');
  const iot = fixture(root, 'iot-rule-message.json') as {
    payload: string;
    topic: string;
    receivedAt: number;
    id: string;
  };

  return {
    'source-kafka': {
      lambdaEvent: msk,
      env: () => ({ ...target(topics.kafka), CONFLUX_FILTER: '{"data":{"value":{"status":["paid"]}}}' }),
      check: async (result) => {
        expect(result).toEqual({
          lambda: { batchItemFailures: [], delivered: 2, filtered: 1 },
          fc: { delivered: 1, filtered: 0 },
        });
        await produced(topics.kafka, [mskEvent('orders-0', 0), mskEvent('orders-1', 0), fcEvent]);
      },
    },
    'source-http': {
      lambdaEvent: http,
      env: () => ({ ...target(topics.http), CONFLUX_TASK: 'orders-hook' }),
      check: async (result) => {
        const lambda = result.lambda as { statusCode: number; body: string };
        expect(lambda.statusCode).toBe(200);
        const { id } = JSON.parse(lambda.body) as { id: string };
        const event = httpEvent({
          id,
          source: 'orders-hook',
          method: 'POST',
          path: '/my/path',
          query: 'parameter1=value1&parameter1=value2&parameter2=value',
          headers: requestHeaders(http.headers),
          body: Buffer.from('Hello from Lambda'),
          receivedAt: 1583348638390,
        });
        await produced(topics.http, [event, fcEvent]);
      },
    },
    'source-rabbitmq': {
      lambdaEvent: rmq,
      env: () => target(topics.rabbitmq),
      check: async (result) => {
        expect(result).toEqual({ lambda: { delivered: 1, filtered: 0 }, fc: { delivered: 1, filtered: 0 } });
        const [item] = lambdaRmqItems(rmq);
        const expected = (item as { event: CloudEvent }).event;
        const records = await readRecords(brokers, topics.rabbitmq, 2);
        // the id is Lambda's to give (the message has none): a fresh UUID, as the emulator's source gives
        expect((records[0]!.value as CloudEvent).id).toMatch(/^[0-9a-f-]{36}$/);
        expect(records.map((r) => r.value)).toEqual([
          { ...expected, id: (records[0]!.value as CloudEvent).id },
          fcEvent,
        ]);
      },
    },
    'source-mqtt': {
      lambdaEvent: iot,
      env: () => ({ ...target(topics.mqtt), CONFLUX_SOURCE: '{"topic":"devices/+/telemetry"}' }),
      check: async (result) => {
        expect(result).toEqual({ lambda: { delivered: 1, filtered: 0 }, fc: { delivered: 1, filtered: 0 } });
        const event = mqttEvent({
          id: iot.id,
          props: { topic: iot.topic },
          payload: Buffer.from(iot.payload, 'base64'),
          receivedAt: iot.receivedAt,
        });
        await produced(topics.mqtt, [event, fcEvent]);
      },
    },
  };
}

function topic(type: string): string {
  return `conflux-source-${type}-${randomUUID()}`;
}
