import { connect } from 'nats';
import { expect, it } from 'vitest';
import { handler } from '../../../../functions/sinks/nats/handler.js';
import { resetAfterEach } from '../../../helpers/handler-env.js';
import { freshStream, streamMessages } from './nats-admin.js';

resetAfterEach(handler);

// Delivery from the bundle: test/infra/build/serverless-zips.test.ts runs it against the real NATS server.
it('needs the servers when deployed: the 127.0.0.1 default is for the emulator', async () => {
  process.env.CONFLUX_SINK = JSON.stringify({ subject: 'out' });
  await expect(handler.fc(Buffer.from('[]'))).rejects.toMatchObject({ code: 'config.invalid', path: 'sink.servers' });
  const admin = await connect({ servers: '127.0.0.1:4222' });
  const jsm = await admin.jetstreamManager();
  const { stream, subject } = await freshStream(jsm);
  try {
    process.env.CONFLUX_SINK = JSON.stringify({ servers: ['127.0.0.1:4222'], subject, jetstream: true });
    process.env.CONFLUX_TRANSFORM = JSON.stringify({ form: 'JSONPATH', value: '$.data.value.id' });
    const ce = { specversion: '1.0', id: 'x', source: 's', type: 't', data: { value: { id: 'ORD-9' } } };
    expect(await handler.fc(Buffer.from(JSON.stringify([ce])))).toEqual({ delivered: 1, filtered: 0 });
    expect(await streamMessages(jsm, stream)).toEqual([{ data: 'ORD-9', headers: {} }]);
  } finally {
    await jsm.streams.delete(stream);
    await admin.close();
  }
});
