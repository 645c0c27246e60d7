// What the Task tests share: records, a scripted source that behaves like a consumer group, and parts.
import type { Tolerance } from '../../../bus/delivery/index.js';
import { ManualClock, retryPolicy } from '../../../bus/delivery/index.js';
import type { StoredRecord } from '../../../bus/log/types.js';
import type { DecodedEvent, RecordBatch, TaskParts, TaskSource } from '../../../bus/task/contract.js';
import type { Task } from '../../../bus/task/task.js';

export function record(offset: number, value: unknown, key: string | null = null): StoredRecord {
  const bytes = Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
  return {
    topic: 't',
    partition: 0,
    offset,
    timestamp: 0,
    key: key === null ? null : Buffer.from(key),
    value: bytes,
    headers: {},
  };
}

/** A source over fixed batches that starts again from the last commit each time it is opened, like a consumer group. */
export function scriptedLog(batches: RecordBatch[], log: string[]) {
  let committed = 0;
  return {
    committed: () => committed,
    async openSource(): Promise<TaskSource> {
      let stopped = false;
      return {
        async run(onBatch) {
          for (const batch of batches) {
            if (stopped) return;
            if (batch.records.at(-1)!.offset < committed) continue;
            await onBatch(batch);
          }
        },
        async commit(_topic, partition, nextOffset) {
          committed = nextOffset;
          log.push(`commit ${partition}@${nextOffset}`);
        },
        async stop() {
          stopped = true;
        },
      };
    },
  };
}

export function decode(r: StoredRecord): DecodedEvent {
  return {
    event: { specversion: '1.0', id: String(r.offset), source: 's', type: 't', data: JSON.parse(r.value.toString()) },
  };
}

export function parts(
  overrides: Partial<TaskParts> & Pick<TaskParts, 'openSource' | 'sink'>,
  tolerance: Tolerance = 'ALL',
  clock = new ManualClock(),
): TaskParts {
  return {
    name: 'demo',
    decode,
    transform: async (event) => [`#${event.id}`],
    delivery: { concurrency: 1, policy: retryPolicy('BACKOFF_RETRY'), tolerance, clock, random: () => 0, sink: 'test' },
    ...overrides,
  };
}

export async function settled(task: Task): Promise<void> {
  while (task.status().state === 'running') await new Promise((resolve) => setImmediate(resolve));
}

export const twoBatches: RecordBatch[] = [
  { topic: 't', partition: 0, records: [record(0, { ok: 1 }), record(1, { ok: 0 })] },
  { topic: 't', partition: 0, records: [record(2, { ok: 1 })] },
];
