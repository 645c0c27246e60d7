import { randomUUID } from 'node:crypto';
import { connectAsync } from 'mqtt';
import { describe, expect, it } from 'vitest';
import { classifyError, SinkError } from '../../../../bus/delivery/errors.js';
import { connect, type MqttSinkOptions } from '../../../../functions/sinks/mqtt/send.js';
import { conformanceMessage } from '../../../helpers/sink-conformance.js';
import { startTcpProxy } from '../nats/tcp-proxy.js';
import { readTopic, takeOverClientId } from './mqtt-admin.js';

const url = 'mqtt://127.0.0.1:1883';
const messages = [conformanceMessage(1), conformanceMessage(2)];
const options = (topic: string, over: Partial<MqttSinkOptions> = {}): MqttSinkOptions => ({
  type: 'mqtt',
  url,
  topic: { form: 'CONSTANT', value: topic },
  qos: 1,
  retain: false,
  ...over,
});

describe('mqtt sink', () => {
  // (the subscriber reads at qos 1: 20 in flight at a time, so it waits for the count, not a marker)
  for (const qos of [0, 1, 2] as const) {
    it(`qos ${qos}: a subscriber gets every payload in order`, async () => {
      const topic = `conflux/send/${randomUUID()}`;
      const reader = await readTopic(url, topic);
      const sink = await connect(options(topic, { qos }), { baseDir: '.' });
      const many = Array.from({ length: 50 }, (_, i) => conformanceMessage(i));
      await sink.write(many);
      await sink.close();
      expect(await reader.until(many.length)).toEqual(many.map((m) => m.payload));
      await reader.close();
    });
  }

  it('retain: a client subscribing after the write gets the last payload, flagged retained', async () => {
    const topic = `conflux/retain/${randomUUID()}`;
    const sink = await connect(options(topic, { retain: true }), { baseDir: '.' });
    await sink.write(messages);
    await sink.close();
    const late = await connectAsync(url, { clientId: `conflux-test-late-${randomUUID()}` });
    const retained = new Promise<{ payload: string; retain: boolean }>((resolve) =>
      late.on('message', (_topic, payload, packet) =>
        resolve({ payload: payload.toString('utf8'), retain: packet.retain }),
      ),
    );
    await late.subscribeAsync(topic, { qos: 1 });
    expect(await retained).toEqual({ payload: messages[1]!.payload, retain: true });
    await late.publishAsync(topic, '', { qos: 1, retain: true }); // clears the retained message
    await late.endAsync();
  });

  it('a refused connection is a retriable SinkError', async () => {
    const error = await connect(options('x', { url: 'mqtt://127.0.0.1:1' }), { baseDir: '.' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SinkError);
    expect(classifyError(error).verdict).toBe('retry');
  });

  it('a write while the session was taken over succeeds after the reconnect', async () => {
    const topic = `conflux/takeover/${randomUUID()}`;
    const clientId = `conflux-test-sink-${randomUUID()}`;
    const reader = await readTopic(url, topic);
    const sink = await connect(options(topic, { clientId }), { baseDir: '.' });
    await sink.write(messages.slice(0, 1));
    await takeOverClientId(url, clientId);
    await sink.write(messages.slice(1));
    await sink.close();
    expect(new Set(await reader.received())).toEqual(new Set(messages.map((m) => m.payload)));
    await reader.close();
  });

  it('a broker that stays away fails the write retriably after timeoutMs, without resolving', async () => {
    const proxy = await startTcpProxy('127.0.0.1', 1883);
    const sink = await connect(
      options(`conflux/timeout/${randomUUID()}`, { url: `mqtt://127.0.0.1:${proxy.port}`, timeoutMs: 300 }),
      {
        baseDir: '.',
      },
    );
    await proxy.close(); // cuts the link and refuses reconnects
    const error = await sink.write(messages).then(
      () => 'resolved',
      (e: unknown) => e,
    );
    await sink.close();
    expect(error).toBeInstanceOf(SinkError);
    expect(error).toMatchObject({ code: 'sink.mqtt.timeout' });
    expect(classifyError(error).verdict).toBe('retry');
  });
});
