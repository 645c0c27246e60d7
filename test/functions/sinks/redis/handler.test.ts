import { afterEach, expect, it } from 'vitest';
import { handler as rabbitmq } from '../../../../functions/sinks/rabbitmq/handler.js';
import { handler as redis } from '../../../../functions/sinks/redis/handler.js';

const saved = { ...process.env };
afterEach(async () => {
  await redis.close();
  await rabbitmq.close();
  process.env = { ...saved };
});

// Delivery from the bundles: test/infra/build/serverless-zips.test.ts runs them against the real services.
it('needs the server URL when deployed: the 127.0.0.1 default is for the emulator', async () => {
  process.env.CONFLUX_SINK = JSON.stringify({ command: 'rpush', key: { form: 'CONSTANT', value: 'k' } });
  await expect(redis.fc(Buffer.from('[]'))).rejects.toMatchObject({ code: 'config.invalid', path: 'sink.url' });
  process.env.CONFLUX_SINK = JSON.stringify({ routingKey: { form: 'CONSTANT', value: 'q' } });
  await expect(rabbitmq.fc(Buffer.from('[]'))).rejects.toMatchObject({ code: 'config.invalid', path: 'sink.url' });
});
