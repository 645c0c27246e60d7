import { randomUUID } from 'node:crypto';
import { Redis, ReplyError } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { classifyError, SinkError } from '../../../../bus/delivery/errors.js';
import { asSinkError, connect, type RedisSinkOptions } from '../../../../functions/sinks/redis/send.js';
import { conformanceMessage } from '../../../helpers/sink-conformance.js';
import { killClients } from './redis-admin.js';

const admin = new Redis('redis://127.0.0.1:6379');
afterAll(() => admin.quit());

const keyBase = `conflux:redis-send:${randomUUID()}`;
const options = (over: Partial<RedisSinkOptions>): RedisSinkOptions => ({
  type: 'redis',
  url: 'redis://127.0.0.1:6379',
  command: 'rpush',
  key: { form: 'TEMPLATE', value: { k: '$.data.value.key' }, template: `${keyBase}:\${k}` },
  field: 'payload',
  ...over,
});
const messages = [conformanceMessage(1, 'a'), conformanceMessage(2, 'b')];

afterAll(async () => {
  const keys = await admin.keys(`${keyBase}:*`);
  if (keys.length > 0) await admin.del(...keys);
});

describe('redis sink', () => {
  it('set: each key holds its payload, expiring after ttlSeconds', async () => {
    const sink = await connect(options({ command: 'set', ttlSeconds: 100 }), { baseDir: '.' });
    await sink.write(messages);
    await sink.close();
    expect(await admin.get(`${keyBase}:a`)).toBe(messages[0]!.payload);
    expect(await admin.get(`${keyBase}:b`)).toBe(messages[1]!.payload);
    const ttl = await admin.ttl(`${keyBase}:a`);
    expect(ttl).toBeGreaterThan(90);
    expect(ttl).toBeLessThanOrEqual(100);
  });

  it('xadd: entries carry the payload under field; maxLength trims the stream (MAXLEN ~)', async () => {
    const key = { form: 'CONSTANT', value: `${keyBase}:stream` };
    const sink = await connect(options({ command: 'xadd', key, field: 'body', maxLength: 10 }), { baseDir: '.' });
    const many = Array.from({ length: 500 }, (_, i) => conformanceMessage(i));
    await sink.write(many);
    await sink.close();
    const entries = await admin.xrange(`${keyBase}:stream`, '-', '+');
    expect(entries.at(-1)![1]).toEqual(['body', many.at(-1)!.payload]);
    // approximate trimming keeps whole macro nodes (100 entries by default) but not all 500
    expect(entries.length).toBeGreaterThanOrEqual(10);
    expect(entries.length).toBeLessThan(500);
  });

  it('publish: a subscriber of the channel gets each payload in order', async () => {
    const channel = `${keyBase}:channel`;
    const subscriber = new Redis('redis://127.0.0.1:6379');
    await subscriber.subscribe(channel);
    const got: string[] = [];
    const both = new Promise<void>((resolve) =>
      subscriber.on('message', (_channel, text: string) => {
        got.push(text);
        if (got.length === 2) resolve();
      }),
    );
    const sink = await connect(options({ command: 'publish', key: { form: 'CONSTANT', value: channel } }), {
      baseDir: '.',
    });
    await sink.write(messages);
    await both;
    await sink.close();
    await subscriber.quit();
    expect(got).toEqual(messages.map((m) => m.payload));
  });

  it('a WRONGTYPE reply is a permanent SinkError', async () => {
    await admin.set(`${keyBase}:a`, 'a string, not a list');
    const sink = await connect(options({ command: 'rpush' }), { baseDir: '.' });
    const error = await sink.write(messages.slice(0, 1)).catch((e: unknown) => e);
    await sink.close();
    expect(error).toBeInstanceOf(SinkError);
    expect((error as SinkError).message).toMatch(/WRONGTYPE/);
    expect(classifyError(error).verdict).toBe('dead-letter');
  });

  it('a refused connection is a retriable SinkError', async () => {
    const error = await connect(options({ url: 'redis://127.0.0.1:1' }), { baseDir: '.' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SinkError);
    expect(classifyError(error).verdict).toBe('retry');
  });

  it('a write right after its connection was killed succeeds after the reconnect or fails retriably', async () => {
    const clientName = `conflux-test-${randomUUID().slice(0, 8)}`;
    const key = { form: 'CONSTANT', value: `${keyBase}:kill` };
    const sink = await connect(options({ key, clientName }), { baseDir: '.' });
    await sink.write(messages.slice(0, 1));
    await killClients(admin, clientName);
    const outcome = await sink.write(messages.slice(1)).then(
      () => 'delivered',
      (e: unknown) => classifyError(e).verdict,
    );
    expect(outcome).not.toBe('dead-letter');
    if (outcome === 'retry') await sink.write(messages.slice(1));
    await sink.close();
    expect(await admin.lrange(`${keyBase}:kill`, 0, -1)).toEqual(messages.map((m) => m.payload));
  });
});

describe('asSinkError', () => {
  it('a closed connection (ioredis text) is retriable', () => {
    const error = asSinkError(new Error('Connection is closed.'));
    expect(error).toMatchObject({ code: 'sink.redis.connection', retriable: true });
    expect(classifyError(error).verdict).toBe('retry');
  });

  it('an error reply is permanent unless the server is only busy', () => {
    expect(asSinkError(new ReplyError('WRONGTYPE Operation against a key')).retriable).toBe(false);
    expect(asSinkError(new ReplyError('LOADING Redis is loading the dataset')).retriable).toBe(true);
  });
});
