import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { handler } from '../../../../functions/sources/mqtt/handler.js';
import { type KafkaMock, startKafkaMock } from '../../../helpers/kafka-mock.js';

const saved = { ...process.env };
let kafka: KafkaMock;
beforeAll(async () => {
  kafka = await startKafkaMock();
});
afterEach(async () => {
  await handler.close();
  process.env = { ...saved };
});
afterAll(() => kafka.stop());
const message = JSON.parse(
  readFileSync(new URL('../../shared/fixtures/iot-rule-message.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

// What arrives in Kafka: test/infra/build/serverless-zips.test.ts runs this bundle from its zip.
it('takes whatever its IoT rule selected, and fails the invocation on a message that does not decode', async () => {
  process.env.CONFLUX_TARGET = JSON.stringify({ brokers: kafka.brokers, topic: 'telemetry' });
  expect(await handler(message)).toEqual({ delivered: 1, filtered: 0 });
  await expect(handler({ ...message, payload: 'not base64!' })).rejects.toThrow(
    /^1 of 1 message failed; the whole batch is retried:\nthe message on devices\/d7\/telemetry \(id [^)]+\): payload must be base64 text/,
  );
  process.env.CONFLUX_FILTER = '{"data":{"body":{"device":["d8"]}}}';
  expect(await handler(message)).toEqual({ delivered: 0, filtered: 1 });
});

it('names the bad field of CONFLUX_TARGET', async () => {
  process.env.CONFLUX_TARGET = '{"brokers":"127.0.0.1:9092","topic":"o"}';
  await expect(handler(message)).rejects.toMatchObject({ code: 'config.invalid', path: 'target.brokers' });
});
