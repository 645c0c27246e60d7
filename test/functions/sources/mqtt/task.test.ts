import { randomUUID } from 'node:crypto';
import mqtt from 'mqtt';
import { expect, it } from 'vitest';
import { decode, openSource } from '../../../../functions/sources/mqtt/receive.js';
import { sourceToFile } from '../../../helpers/source-task.js';

const URL = 'mqtt://127.0.0.1:1883';

it('a task reads an MQTT topic into a file in order; a resumed task gets what came while paused', async () => {
  const N = 200;
  const base = `conflux-task/${randomUUID()}`;
  const publisher = await mqtt.connectAsync(URL, { clientId: `conflux-test-pub-${randomUUID()}` });
  const config = {
    type: 'mqtt' as const,
    url: URL,
    topic: `${base}/#`,
    qos: 1 as const,
    clientId: `conflux-src-${randomUUID()}`,
  };
  const { task, lines, delivered } = await sourceToFile(
    'mqtt-to-file',
    () => openSource(config, { task: 'mqtt-to-file' }),
    decode,
  );
  await task.start();
  for (let i = 0; i < N / 2; i++) await publisher.publishAsync(`${base}/d`, JSON.stringify({ i }), { qos: 1 });
  await delivered(N / 2);
  await task.pause();
  // kept for the persistent session while the task is paused
  for (let i = N / 2; i < N; i++) await publisher.publishAsync(`${base}/d`, JSON.stringify({ i }), { qos: 1 });
  await task.start();
  await delivered(N);
  await task.stop();
  expect(await lines()).toEqual(Array.from({ length: N }, (_, i) => JSON.stringify({ i })));
  await publisher.endAsync();
});
