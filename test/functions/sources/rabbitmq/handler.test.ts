import { expect, it } from 'vitest';
import { handler } from '../../../../functions/sources/rabbitmq/handler.js';
import { resetAfterEach } from '../../../helpers/handler-env.js';

resetAfterEach(handler);
const rmq = { eventSource: 'aws:rmq', rmqMessagesByQueue: { 'orders::/': [] } };

// Delivery into a real cluster: test/infra/build/serverless-zips.test.ts runs this bundle from its zip.
it('names the bad field of CONFLUX_TARGET, and takes Amazon MQ messages only', async () => {
  process.env.CONFLUX_TARGET = '{"brokers":["127.0.0.1:9092"],"topic":"o","key":{"form":"TEMPLATE","value":{}}}';
  await expect(handler(rmq)).rejects.toMatchObject({ code: 'config.invalid', path: 'target.key.template' });
  process.env.CONFLUX_TARGET = '{"brokers":["127.0.0.1:9092"],"topic":"o","acks":-1}';
  await expect(handler(rmq)).rejects.toThrow('target.acks: must be one of 0, 1, all (got -1)');
  await expect(handler({ eventSource: 'aws:kafka', records: {} })).rejects.toThrow(
    'this function is deployed for a rabbitmq source but was invoked by aws:kafka',
  );
});
