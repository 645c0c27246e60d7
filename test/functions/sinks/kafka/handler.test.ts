import { expect, it } from 'vitest';
import { handler } from '../../../../functions/sinks/kafka/handler.js';
import { resetAfterEach } from '../../../helpers/handler-env.js';

resetAfterEach(handler);

// Delivery to a real broker: test/infra/build/serverless-zips.test.ts runs this bundle against the mock cluster.
it('needs the brokers of the target cluster when deployed, and names bad field specs by their path', async () => {
  process.env.CONFLUX_SINK = JSON.stringify({ topic: 'out' });
  await expect(handler.fc(Buffer.from('[]'))).rejects.toMatchObject({ code: 'config.invalid', path: 'sink.brokers' });
  process.env.CONFLUX_SINK = JSON.stringify({
    topic: 'out',
    brokers: ['127.0.0.1:1'],
    headers: { id: { form: 'JSONPATH' } },
  });
  await expect(handler.fc(Buffer.from('[]'))).rejects.toThrow(/sink\.headers\.id\.value/);
});
