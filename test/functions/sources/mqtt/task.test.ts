import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { expect, it } from 'vitest';
import { retryPolicy, systemClock } from '../../../../bus/delivery/index.js';
import { Task } from '../../../../bus/emulator/task.js';
import { connect as fileSink } from '../../../../functions/sinks/file/send.js';
import { decode, openSource } from '../../../../functions/sources/mqtt/receive.js';
import { compileTransform } from '../../../../functions/transformers/compile.js';

const URL = 'mqtt://127.0.0.1:1883';

it('a task reads an MQTT topic into a file in order; a resumed task gets what came while paused', async () => {
  const N = 200;
  const base = `conflux-task/${randomUUID()}`;
  const publisher = await mqtt.connectAsync(URL, { clientId: `conflux-test-pub-${randomUUID()}` });
  const dir = await mkdtemp(join(tmpdir(), 'conflux-mqtt-'));
  const transform = compileTransform({ form: 'JSONPATH', value: '$.data.body' });
  const config = {
    type: 'mqtt' as const,
    url: URL,
    topic: `${base}/#`,
    qos: 1 as const,
    clientId: `conflux-src-${randomUUID()}`,
  };
  const task = new Task({
    name: 'mqtt-to-file',
    openSource: () => openSource(config, { task: 'mqtt-to-file' }),
    decode: (record) => decode(record, { withText: transform.takesText }),
    transform: transform.outputs,
    sink: await fileSink({ path: 'out.jsonl' }, { baseDir: dir }),
    delivery: {
      concurrency: 1,
      policy: retryPolicy('BACKOFF_RETRY'),
      tolerance: 'NONE',
      clock: systemClock,
      sink: 'file',
    },
  });
  const delivered = async (n: number) => {
    while (task.counters.eventsOut < n) await new Promise((resolve) => setImmediate(resolve));
  };
  await task.start();
  for (let i = 0; i < N / 2; i++) await publisher.publishAsync(`${base}/d`, JSON.stringify({ i }), { qos: 1 });
  await delivered(N / 2);
  await task.pause();
  // kept for the persistent session while the task is paused
  for (let i = N / 2; i < N; i++) await publisher.publishAsync(`${base}/d`, JSON.stringify({ i }), { qos: 1 });
  await task.start();
  await delivered(N);
  await task.stop();
  const lines = (await readFile(join(dir, 'out.jsonl'), 'utf8')).trim().split('\n');
  expect(lines).toEqual(Array.from({ length: N }, (_, i) => JSON.stringify({ i })));
  await publisher.endAsync();
});
