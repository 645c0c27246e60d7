import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'nats';
import { expect, it } from 'vitest';
import { retryPolicy, systemClock } from '../../../../bus/delivery/index.js';
import { Task } from '../../../../bus/emulator/task.js';
import { connect as fileSink } from '../../../../functions/sinks/file/send.js';
import { decode, openSource } from '../../../../functions/sources/nats/receive.js';
import { compileTransform } from '../../../../functions/transformers/compile.js';

it('a task reads a JetStream stream into a file in order and acks all of it', async () => {
  const N = 600;
  const nc = await connect({ servers: '127.0.0.1:4222' });
  const jsm = await nc.jetstreamManager();
  const id = randomUUID().replaceAll('-', '');
  const stream = `CONFLUX_TASK_${id}`;
  await jsm.streams.add({ name: stream, subjects: [`conflux.task.${id}.>`] });
  const dir = await mkdtemp(join(tmpdir(), 'conflux-nats-'));
  const transform = compileTransform({ form: 'JSONPATH', value: '$.data.body' });
  const config = {
    type: 'nats' as const,
    servers: ['127.0.0.1:4222'],
    subject: `conflux.task.${id}.>`,
    jetstream: { stream, durable: 'to-file' },
  };
  const task = new Task({
    name: 'nats-to-file',
    openSource: () => openSource(config, { task: 'nats-to-file' }),
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
  const js = nc.jetstream();
  await Promise.all(Array.from({ length: N }, (_, i) => js.publish(`conflux.task.${id}.o`, JSON.stringify({ i }))));
  while (task.counters.eventsOut < N) await new Promise((resolve) => setImmediate(resolve));
  await task.stop();
  const lines = (await readFile(join(dir, 'out.jsonl'), 'utf8')).trim().split('\n');
  expect(lines).toEqual(Array.from({ length: N }, (_, i) => JSON.stringify({ i })));
  const info = await jsm.consumers.info(stream, 'to-file');
  expect(info.ack_floor.stream_seq).toBe(N);
  await jsm.streams.delete(stream);
  await nc.close();
});
