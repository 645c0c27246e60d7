import { connect } from '../../../../functions/sinks/http/send.js';
import { describeSinkConformance } from '../../../helpers/sink-conformance.js';
import { recordingServer } from './server.js';

describeSinkConformance('http', async () => {
  const server = await recordingServer();
  return {
    connect: () =>
      connect({ type: 'http', url: server.url, method: 'POST', headers: {}, timeoutMs: 5000 }, { baseDir: '.' }),
    received: async () => server.requests.map((r) => r.body),
    breakConnection: async () => server.breakConnections(),
    cleanup: () => server.close(),
  };
});
