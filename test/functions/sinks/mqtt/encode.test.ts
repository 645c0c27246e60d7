import { describe, expect, it } from 'vitest';
import { ConfluxError } from '../../../../bus/errors.js';
import { compileSinkField } from '../../../../functions/shared/task/sink-fields.js';
import { encode, type MqttEncoding } from '../../../../functions/sinks/mqtt/encode.js';
import { conformanceMessage } from '../../../helpers/sink-conformance.js';

const message = conformanceMessage(5, 'd1');
const topic = compileSinkField(
  { form: 'TEMPLATE', value: { k: '$.data.value.key' }, template: 'devices/${k}/alerts' },
  '.',
);
const base: MqttEncoding = { topic, qos: 1, retain: false };

async function failure(promise: Promise<unknown>): Promise<ConfluxError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfluxError);
  expect((error as ConfluxError).retriable).toBe(false);
  return error as ConfluxError;
}

describe('mqtt encode', () => {
  it('renders the topic; the payload and the qos/retain options pass through', async () => {
    expect(await encode(message, base)).toEqual({
      topic: 'devices/d1/alerts',
      payload: message.payload,
      options: { qos: 1, retain: false },
    });
    for (const qos of [0, 2] as const) {
      expect((await encode(message, { ...base, qos, retain: true })).options).toEqual({ qos, retain: true });
    }
  });

  it('a topic spec giving 0 or 2 values names sink.topic', async () => {
    // renderers stand in for specs with 0 or 2 outputs (the forms give one value or throw)
    const none = Object.assign(async () => [], { close: async () => {} });
    const two = Object.assign(async () => ['a', 'b'], { close: async () => {} });
    expect((await failure(encode(message, { ...base, topic: none }))).message).toBe(
      'sink.topic must render to exactly one value (got 0)',
    );
    expect(await failure(encode(message, { ...base, topic: two }))).toMatchObject({
      path: 'sink.topic',
      code: 'sink.mqtt.field',
      message: 'sink.topic must render to exactly one value (got 2)',
    });
  });

  it('refuses empty topics, wildcards, NUL and topics over 65,535 bytes', async () => {
    // a field that renders the topic as given (a CONSTANT's value is capped at 1,024 characters)
    const rendered = (value: string) => Object.assign(async () => [value], { close: async () => {} });
    for (const bad of ['', 'a/+/b', 'a/#', 'a\u0000b', 'x'.repeat(65_536)]) {
      expect(await failure(encode(message, { ...base, topic: rendered(bad) }))).toMatchObject({
        path: 'sink.topic',
        code: 'sink.mqtt.topic',
      });
    }
    expect((await encode(message, { ...base, topic: rendered('x'.repeat(65_535)) })).topic).toHaveLength(65_535);
  });
});
