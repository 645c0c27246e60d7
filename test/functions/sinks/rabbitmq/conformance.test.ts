import { expect } from 'vitest';
import { describeSinkConformance } from '../../../helpers/sink-conformance.js';
import { closeSinkConnections, freshQueue } from './broker.js';

describeSinkConformance('rabbitmq', async () => {
  const target = await freshQueue();
  return {
    connect: () => target.connectSink(),
    received: async () => (await target.drain()).map((m) => m.content.toString('utf8')),
    breakConnection: async () => {
      expect(await closeSinkConnections()).toBe(1);
    },
    cleanup: () => target.close(),
  };
});
