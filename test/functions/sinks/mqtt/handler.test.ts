import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { handler } from '../../../../functions/sinks/mqtt/handler.js';
import { resetAfterEach } from '../../../helpers/handler-env.js';
import { readTopic } from './mqtt-admin.js';

resetAfterEach(handler);

// Delivery from the bundle: test/infra/build/serverless-zips.test.ts runs it against the real Mosquitto.
it('needs the broker URL when deployed: the 127.0.0.1 default is for the emulator', async () => {
  process.env.CONFLUX_SINK = JSON.stringify({ topic: 'out' });
  await expect(handler.fc(Buffer.from('[]'))).rejects.toMatchObject({ code: 'config.invalid', path: 'sink.url' });
  const topic = `conflux/handler/${randomUUID()}`;
  const reader = await readTopic('mqtt://127.0.0.1:1883', topic);
  try {
    process.env.CONFLUX_SINK = JSON.stringify({ url: 'mqtt://127.0.0.1:1883', topic });
    process.env.CONFLUX_TRANSFORM = JSON.stringify({ form: 'JSONPATH', value: '$.data.value.id' });
    const ce = { specversion: '1.0', id: 'x', source: 's', type: 't', data: { value: { id: 'ORD-9' } } };
    expect(await handler.fc(Buffer.from(JSON.stringify([ce])))).toEqual({ delivered: 1, filtered: 0 });
    expect(await reader.received()).toEqual(['ORD-9']);
  } finally {
    await reader.close();
  }
});
