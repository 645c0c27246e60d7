import { describeSinkConformance } from '../../../helpers/sink-conformance.js';
import { eventBridgeTarget } from './bench.js';

// EventBridge hands each payload to the rule's target as `detail` of an AWS-shaped event.
describeSinkConformance('eventbridge', async () => {
  const target = await eventBridgeTarget();
  return {
    connect: target.connect,
    received: async () => (await target.events()).map((line) => JSON.stringify(line.detail)),
    breakConnection: target.breakConnection,
    cleanup: target.cleanup,
  };
});
