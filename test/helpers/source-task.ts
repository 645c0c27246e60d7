/** A source read by a whole task into a file, as the emulator wires it (not a test file itself). */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { retryPolicy, systemClock } from '../../bus/delivery/index.js';
import type { StoredRecord } from '../../bus/log/types.js';
import type { DecodedEvent, TaskSource } from '../../bus/task/contract.js';
import { Task } from '../../bus/task/task.js';
import { connect as fileSink } from '../../functions/sinks/file/send.js';
import { compileTransform } from '../../functions/transformers/compile.js';

/**
 * A task from a source into `out.jsonl` of a fresh folder, each event's `data.body` one line,
 * tolerance NONE (a failure stops it). `lines()` reads the file; `delivered(n)` waits for n
 * committed events.
 */
export async function sourceToFile(
  name: string,
  openSource: () => Promise<TaskSource>,
  decode: (record: StoredRecord, options: { withText: boolean }) => DecodedEvent,
) {
  const dir = await mkdtemp(join(tmpdir(), `conflux-${name}-`));
  const transform = compileTransform({ form: 'JSONPATH', value: '$.data.body' });
  const task = new Task({
    name,
    openSource,
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
  return {
    task,
    lines: async () => (await readFile(join(dir, 'out.jsonl'), 'utf8')).trim().split('\n'),
    delivered: async (n: number) => {
      while (task.counters.eventsOut < n) await new Promise((resolve) => setImmediate(resolve));
    },
  };
}
