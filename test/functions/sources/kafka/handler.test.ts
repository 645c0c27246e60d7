import { expect, it } from 'vitest';
import { handler } from '../../../../functions/sources/kafka/handler.js';
import { resetAfterEach } from '../../../helpers/handler-env.js';

resetAfterEach(handler);
const msk = { eventSource: 'aws:kafka', records: {} };

// Delivery into a real cluster: test/infra/build/serverless-zips.test.ts runs this bundle from its zip
// (source-targets.ts); an unreachable cluster: test/functions/shared/task/source-handler.test.ts.
it('needs CONFLUX_TARGET, and names the bad field by its path under target', async () => {
  delete process.env.CONFLUX_TARGET;
  await expect(handler(msk)).rejects.toThrow('CONFLUX_TARGET is not set; it holds the Kafka target as JSON');
  process.env.CONFLUX_TARGET = '{"topic":"orders-copy"}';
  await expect(handler(msk)).rejects.toMatchObject({ code: 'config.invalid', path: 'target.brokers' });
  process.env.CONFLUX_TARGET = '{"brokers":["127.0.0.1:9092"],"topic":"o","headers":{"id":{"form":"JSONPATH"}}}';
  await expect(handler.fc(Buffer.from('[]'))).rejects.toThrow(/target\.headers\.id\.value/);
});

it('takes Kafka records only: another trigger is refused by name', async () => {
  process.env.CONFLUX_TARGET = '{"brokers":["127.0.0.1:9092"],"topic":"o"}';
  await expect(handler({ eventSource: 'aws:rmq', rmqMessagesByQueue: {} })).rejects.toThrow(
    'this function is deployed for a kafka source but was invoked by aws:rmq',
  );
  process.env.CONFLUX_SOURCE = '{"type":"http"}';
  await expect(handler(msk)).rejects.toMatchObject({ code: 'config.invalid', path: 'source.type' });
});
