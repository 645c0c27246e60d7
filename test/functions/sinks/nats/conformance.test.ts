import { connect as natsConnect } from 'nats';
import { afterAll, beforeAll } from 'vitest';
import { connect } from '../../../../functions/sinks/nats/send.js';
import { describeSinkConformance } from '../../../helpers/sink-conformance.js';
import { freshStream, streamMessages } from './nats-admin.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

const admin = await natsConnect({ servers: '127.0.0.1:4222' });
const jsm = await admin.jetstreamManager();
let proxy: TcpProxy;
beforeAll(async () => {
  proxy = await startTcpProxy('127.0.0.1', 4222);
});
afterAll(async () => {
  await proxy.close();
  await admin.close();
});

// The sink connects through a TCP proxy: the NATS server offers no way to kill one client here
// (no system account, no monitoring port), so breakConnection resets the link at the proxy.
describeSinkConformance('nats', async () => {
  const { stream, subject } = await freshStream(jsm);
  return {
    connect: () =>
      connect(
        {
          type: 'nats',
          servers: [`127.0.0.1:${proxy.port}`],
          subject: { form: 'CONSTANT', value: subject },
          jetstream: true,
        },
        { baseDir: '.' },
      ),
    received: async () => (await streamMessages(jsm, stream)).map((m) => m.data),
    breakConnection: async () => proxy.breakAll(),
    cleanup: async () => {
      await jsm.streams.delete(stream);
    },
  };
});
