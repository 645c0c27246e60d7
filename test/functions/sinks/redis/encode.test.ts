import { describe, expect, it } from 'vitest';
import { ConfluxError } from '../../../../bus/errors.js';
import { compileSinkField as compileField } from '../../../../functions/shared/task/sink-fields.js';
import { encode, type RedisEncoding } from '../../../../functions/sinks/redis/encode.js';
import { conformanceMessage } from '../../../helpers/sink-conformance.js';

const message = conformanceMessage(7, 'order-7');
const key = compileField({ form: 'JSONPATH', value: '$.data.value.key' }, '.');
const base: RedisEncoding = { command: 'rpush', key, field: 'payload' };

describe('redis encode', () => {
  it('set: key and payload, EX with ttlSeconds', async () => {
    expect(await encode(message, { ...base, command: 'set' })).toEqual({
      name: 'set',
      args: ['order-7', message.payload],
    });
    expect(await encode(message, { ...base, command: 'set', ttlSeconds: 60 })).toEqual({
      name: 'set',
      args: ['order-7', message.payload, 'EX', '60'],
    });
  });

  it('lpush, rpush and publish: key (channel) and payload', async () => {
    for (const command of ['lpush', 'rpush', 'publish'] as const) {
      expect(await encode(message, { ...base, command })).toEqual({
        name: command,
        args: ['order-7', message.payload],
      });
    }
  });

  it('xadd: the payload under its field, trimmed with MAXLEN ~ when maxLength is set', async () => {
    expect(await encode(message, { ...base, command: 'xadd', field: 'body' })).toEqual({
      name: 'xadd',
      args: ['order-7', '*', 'body', message.payload],
    });
    expect(await encode(message, { ...base, command: 'xadd', maxLength: 100 })).toEqual({
      name: 'xadd',
      args: ['order-7', 'MAXLEN', '~', '100', '*', 'payload', message.payload],
    });
  });

  it('a key spec giving no value or two is a permanent error naming sink.key', async () => {
    // a renderer stands in for a spec with 0 or 2 outputs (the forms give one value or throw)
    const none = Object.assign(async () => [], { close: async () => {} });
    const two = Object.assign(async () => ['a', 'b'], { close: async () => {} });
    for (const [render, count] of [
      [none, 0],
      [two, 2],
    ] as const) {
      const error = await encode(message, { ...base, key: render }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfluxError);
      expect(error).toMatchObject({ path: 'sink.key', retriable: false, code: 'sink.redis.field' });
      expect((error as Error).message).toBe(`sink.key must render to exactly one value (got ${count})`);
    }
  });
});
