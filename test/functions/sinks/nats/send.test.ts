import { randomUUID } from 'node:crypto';
import { NatsError, connect as natsConnect } from 'nats';
import { afterAll, describe, expect, it } from 'vitest';
import { classifyError, SinkError } from '../../../../bus/delivery/errors.js';
import { asSinkError, connect, type NatsSinkOptions } from '../../../../functions/sinks/nats/send.js';
import { conformanceMessage } from '../../../helpers/sink-conformance.js';
import { freshStream, streamMessages } from './nats-admin.js';
import { startTcpProxy } from './tcp-proxy.js';

const admin = await natsConnect({ servers: '127.0.0.1:4222' });
const jsm = await admin.jetstreamManager();
afterAll(() => admin.close());

const text = new TextDecoder();
const messages = [conformanceMessage(1, 'a'), conformanceMessage(2, 'b')];
const options = (subject: string, over: Partial<NatsSinkOptions> = {}): NatsSinkOptions => ({
  type: 'nats',
  servers: ['127.0.0.1:4222'],
  subject: { form: 'CONSTANT', value: subject },
  jetstream: true,
  ...over,
});

describe('nats sink', () => {
  it('JetStream: each message carries its rendered headers', async () => {
    const { stream, subject } = await freshStream(jsm);
    const headers = {
      'x-key': { form: 'JSONPATH', value: '$.data.value.key' },
      source: { form: 'CONSTANT', value: 'conflux' },
    };
    const sink = await connect(options(subject, { headers }), { baseDir: '.' });
    await sink.write(messages);
    await sink.close();
    const stored = await streamMessages(jsm, stream);
    await jsm.streams.delete(stream);
    expect(stored).toEqual([
      { data: messages[0]!.payload, headers: { 'x-key': 'a', source: 'conflux' } },
      { data: messages[1]!.payload, headers: { 'x-key': 'b', source: 'conflux' } },
    ]);
  });

  it('core NATS: a subscriber gets every payload in order once the write resolved (flush round trip)', async () => {
    const subject = `conflux.core.${randomUUID()}`;
    const subscription = admin.subscribe(subject);
    await admin.flush();
    const sink = await connect(options(subject, { jetstream: false }), { baseDir: '.' });
    const many = Array.from({ length: 200 }, (_, i) => conformanceMessage(i));
    await sink.write(many);
    await sink.close();
    const got: string[] = [];
    for await (const message of subscription) {
      got.push(text.decode(message.data));
      if (got.length === many.length) break;
    }
    expect(got).toEqual(many.map((m) => m.payload));
  });

  it('JetStream to a subject no stream takes is a permanent SinkError', async () => {
    const sink = await connect(options(`conflux.nostream.${randomUUID()}`), { baseDir: '.' });
    const error = await sink.write(messages).catch((e: unknown) => e);
    await sink.close();
    expect(error).toBeInstanceOf(SinkError);
    expect(error).toMatchObject({ code: 'sink.nats.no-stream' });
    expect(classifyError(error).verdict).toBe('dead-letter');
  });

  it('a refused connection is a retriable SinkError', async () => {
    const error = await connect(options('x', { servers: ['127.0.0.1:1'] }), { baseDir: '.' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SinkError);
    expect(classifyError(error).verdict).toBe('retry');
  });

  it('a dropped link: the write in flight fails retriably, the next one succeeds after the reconnect', async () => {
    const proxy = await startTcpProxy('127.0.0.1', 4222);
    const { stream, subject } = await freshStream(jsm);
    const sink = await connect(options(subject, { servers: [`127.0.0.1:${proxy.port}`] }), { baseDir: '.' });
    await sink.write([conformanceMessage(0)]);
    proxy.breakAll();
    const outcome = await sink.write([conformanceMessage(1)]).then(
      () => 'delivered',
      (e: unknown) => classifyError(e).verdict,
    );
    expect(outcome).not.toBe('dead-letter');
    if (outcome === 'retry') await sink.write([conformanceMessage(1)]);
    await sink.close();
    await proxy.close();
    const stored = (await streamMessages(jsm, stream)).map((m) => m.data);
    await jsm.streams.delete(stream);
    expect(new Set(stored)).toEqual(new Set([conformanceMessage(0).payload, conformanceMessage(1).payload]));
  });
});

describe('asSinkError', () => {
  it.each([
    ['TIMEOUT', 'TIMEOUT', true, 'sink.nats.connection'],
    ['CONNECTION_REFUSED', 'CONNECTION_REFUSED', true, 'sink.nats.connection'],
    ['DISCONNECT', 'DISCONNECT', true, 'sink.nats.connection'],
    ['NO_RESPONDERS (core NATS)', 'NO_RESPONDERS', true, 'sink.nats.connection'],
    ['PERMISSIONS_VIOLATION', 'PERMISSIONS_VIOLATION', false, 'sink.nats.request'],
    ['MAX_PAYLOAD_EXCEEDED', 'MAX_PAYLOAD_EXCEEDED', false, 'sink.nats.request'],
  ])('a NatsError %s', (_name, code, retriable, sinkCode) => {
    const error = asSinkError(new NatsError(code, code), false);
    expect(error).toMatchObject({ code: sinkCode, retriable });
    expect(classifyError(error).verdict).toBe(retriable ? 'retry' : 'dead-letter');
  });
});
