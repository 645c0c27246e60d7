import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTopic } from '../../../functions/sinks/mqtt/mqtt-admin.js';
import { probeBundle } from '../probe-bundle.js';
import { startWsBridge } from '../ws-bridge.js';

describe('mqtt.js in a bundle', () => {
  let bridge: Awaited<ReturnType<typeof startWsBridge>>;
  beforeAll(async () => {
    bridge = await startWsBridge();
  });
  afterAll(() => bridge.close());

  it('publishes over ws:// as over mqtt://; a SOCKS proxy says it is left out', async () => {
    const topic = `conflux/probe/${randomUUID()}`;
    const reader = await readTopic('mqtt://127.0.0.1:1883', topic);
    const probe = `
import { connectAsync } from 'mqtt';
import { connect } from '../../../functions/sinks/mqtt/send.js';
const message = (payload) => ({ payload, event: { specversion: '1.0', id: 'x', source: 's', type: 't', data: {} } });
export async function probe() {
  const sink = await connect({ type: 'mqtt', url: ${JSON.stringify(bridge.url)}, topic: { form: 'CONSTANT', value: ${JSON.stringify(topic)} }, qos: 1, retain: false }, { baseDir: '.' });
  await sink.write([message('over ws 1'), message('over ws 2')]);
  await sink.close();
  const socks = await connectAsync('mqtt://127.0.0.1:1883', { socksProxy: 'socks5://127.0.0.1:1080', reconnectPeriod: 0 }).then(
    (client) => client.endAsync().then(() => 'connected'),
    (error) => error.message,
  );
  return { socks };
}
`;
    try {
      const { result } = await probeBundle('mqtt', probe);
      expect(result).toEqual({
        socks: expect.stringMatching(/^the SOCKS proxy transport of mqtt\.js is left out of conflux bundles/),
      });
      expect(await reader.received()).toEqual(['over ws 1', 'over ws 2']);
    } finally {
      await reader.close();
    }
  }, 60_000);
});

describe('nats.js in a bundle', () => {
  it('publishes on core NATS; stores, consumers, services and NKeys say they are left out', async () => {
    const probe = `
import { connect as natsConnect, nkeyAuthenticator } from 'nats';
import { connect } from '../../../functions/sinks/nats/send.js';
const failure = async (run) => { try { await run(); return 'no error'; } catch (error) { return error.message; } };
export async function probe() {
  const nc = await natsConnect({ servers: '127.0.0.1:4222' });
  const subject = 'conflux.probe.' + nc.info.client_id + '.' + Date.now();
  const sub = nc.subscribe(subject, { max: 2 });
  await nc.flush();
  const sink = await connect({ type: 'nats', servers: ['127.0.0.1:4222'], subject: { form: 'CONSTANT', value: subject }, jetstream: false }, { baseDir: '.' });
  await sink.write(['one', 'two'].map((payload) => ({ payload, event: { specversion: '1.0', id: 'x', source: 's', type: 't', data: {} } })));
  await sink.close();
  const got = [];
  for await (const m of sub) got.push(new TextDecoder().decode(m.data));
  const js = nc.jetstream();
  const jsm = await nc.jetstreamManager();
  const stream = 'CONFLUX_PROBE_' + nc.info.client_id + '_' + Date.now();
  await jsm.streams.add({ name: stream, subjects: [subject + '.js'] });
  const left = {
    kv: await failure(() => js.views.kv('b')),
    os: await failure(() => js.views.os('b')),
    consumer: await failure(() => js.consumers.get(stream)),
    service: await failure(() => nc.services.add({ name: 's', version: '1.0.0' })),
    nkey: await failure(() => nkeyAuthenticator(new TextEncoder().encode('SUAM'))('nonce')),
  };
  await jsm.streams.delete(stream);
  await nc.close();
  return { got, left };
}
`;
    const { result } = await probeBundle('nats', probe);
    const leftOut = (what: string) => expect.stringMatching(new RegExp(`^${what} is left out of conflux bundles`));
    expect(result).toEqual({
      got: ['one', 'two'],
      left: {
        kv: leftOut('the NATS key-value store'),
        os: leftOut('the NATS object store'),
        consumer: leftOut('JetStream consumers'),
        service: leftOut('NATS services'),
        nkey: leftOut('NKey and JWT authentication'),
      },
    });
  }, 60_000);
});
