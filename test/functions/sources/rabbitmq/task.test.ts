import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import amqp from 'amqplib';
import { expect, it } from 'vitest';
import { retryPolicy, systemClock } from '../../../../bus/delivery/index.js';
import { Task } from '../../../../bus/emulator/task.js';
import { connect as fileSink } from '../../../../functions/sinks/file/send.js';
import { decode, openSource } from '../../../../functions/sources/rabbitmq/receive.js';
import { compileTransform } from '../../../../functions/transformers/compile.js';

const URL = 'amqp://guest:guest@127.0.0.1:5672';

it('a task reads a RabbitMQ queue into a file in order and leaves nothing unacknowledged', async () => {
  const N = 600;
  const queue = `conflux-task-${randomUUID()}`;
  const admin = await amqp.connect(URL);
  const channel = await admin.createConfirmChannel();
  await channel.assertQueue(queue, { durable: false });
  const dir = await mkdtemp(join(tmpdir(), 'conflux-rabbitmq-'));
  const transform = compileTransform({ form: 'JSONPATH', value: '$.data.body' });
  const task = new Task({
    name: 'rabbit-to-file',
    openSource: () => openSource({ type: 'rabbitmq', url: URL, queue, prefetch: 100 }, { task: 'rabbit-to-file' }),
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
  await task.start();
  for (let i = 0; i < N; i++) channel.sendToQueue(queue, Buffer.from(JSON.stringify({ i })));
  await channel.waitForConfirms();
  // eventsOut counts a batch once it is committed (acked)
  while (task.counters.eventsOut < N) await new Promise((resolve) => setImmediate(resolve));
  const check = await admin.createChannel();
  await task.stop();
  const lines = (await readFile(join(dir, 'out.jsonl'), 'utf8')).trim().split('\n');
  expect(lines).toEqual(Array.from({ length: N }, (_, i) => JSON.stringify({ i })));
  expect((await check.checkQueue(queue)).messageCount).toBe(0);
  expect(task.counters).toMatchObject({ eventsOut: N });
  await check.deleteQueue(queue);
  await admin.close();
});
