import { randomUUID } from 'node:crypto';
import { connect } from '../../../../functions/sinks/mqtt/send.js';
import { describeSinkConformance } from '../../../helpers/sink-conformance.js';
import { readTopic, takeOverClientId } from './mqtt-admin.js';

const url = 'mqtt://127.0.0.1:1883';

describeSinkConformance('mqtt', async () => {
  const topic = `conflux/conformance/${randomUUID()}`;
  const clientId = `conflux-test-sink-${randomUUID()}`;
  const reader = await readTopic(url, topic);
  return {
    connect: () =>
      connect(
        { type: 'mqtt', url, topic: { form: 'CONSTANT', value: topic }, qos: 1, retain: false, clientId },
        { baseDir: '.' },
      ),
    received: () => reader.received(),
    breakConnection: () => takeOverClientId(url, clientId),
    cleanup: () => reader.close(),
  };
});
