import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedLog } from '../../../bus/log/index.js';
import { Task } from '../../../bus/task/task.js';
import { validateTask } from '../../../infra/config/index.js';
import { wireTask } from '../../../infra/wire/task.js';
import { waitForLines } from './lines.js';

/**
 * conflux's Kafka → file task over `topic` from the beginning: no filter, JSONPATH `$.data.value` (the
 * record's value as its text, the line Kafka Connect's FileStreamSink writes with StringConverter), the
 * file sink (one write + fdatasync per batch). Timed like the Connect line: from `task.start()` to the
 * file holding `count` lines. One report line.
 */
export async function benchConfluxFile(brokers: string[], topic: string, count: number) {
  const dir = await mkdtemp(join(tmpdir(), 'conflux-bench-file-'));
  const out = join(dir, 'out.txt');
  const name = `bench-file-${process.pid}-${Date.now() % 1e8}`;
  const result = validateTask({
    name,
    source: { type: 'kafka', topic, brokers, offset: 'earliest', consumerGroup: `${name}-group` },
    transform: { form: 'JSONPATH', value: '$.data.value' },
    sink: { type: 'file', path: out },
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  const log = await openEmbeddedLog(join(dir, 'bus'));
  const task = new Task(await wireTask(result.value, { log, dialect: 'aws', baseDir: dir }));
  const startedAt = performance.now();
  await task.start();
  try {
    const seen = await waitForLines(out, count, () =>
      task.status().state === 'running' ? undefined : `the task stopped: ${task.status().reason}`,
    );
    const seconds = (seen.allAt - startedAt) / 1000;
    return {
      bench: 'kafka-file',
      peer: 'conflux@0.1.0 task kafka→JSONPATH $.data.value→file concurrency=1',
      messages: count,
      bytes: (await stat(out)).size,
      eventsPerSec: Math.round(count / seconds),
      firstToLastPerSec: Math.round(count / ((seen.allAt - seen.firstAt) / 1000)),
      startToAllMs: Math.round(seen.allAt - startedAt),
      timedFrom: 'task.start()',
      durability: 'one write + fdatasync per batch (group commit)',
      seconds: Math.round(seconds * 1000) / 1000,
      topic,
      file: out,
    };
  } finally {
    await task.stop();
    await log.close();
  }
}

/** True when two files hold the same lines, in any order (two consumers interleave partitions differently). */
export async function sameLines(a: string, b: string): Promise<boolean> {
  const sorted = async (path: string) => (await readFile(path, 'utf8')).split('\n').sort();
  const [x, y] = await Promise.all([sorted(a), sorted(b)]);
  return x.length === y.length && x.every((line, i) => line === y[i]);
}
