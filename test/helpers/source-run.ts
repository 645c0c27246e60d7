/** Running a source in a test: its batches as they come (not a test file itself). */
import type { RecordBatch, TaskSource } from '../../bus/task/contract.js';

/**
 * Runs a source, collecting its batches; `until(n)` resolves once n records arrived, `onEach`
 * runs inside each batch's handling (the source waits for it, as it waits for a task).
 */
export function collect(source: TaskSource, onEach?: (batch: RecordBatch) => Promise<void>) {
  const batches: RecordBatch[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const count = () => batches.reduce((sum, b) => sum + b.records.length, 0);
  const running = source.run(async (batch) => {
    batches.push(batch);
    for (const w of waiters.filter((w) => count() >= w.n)) w.resolve();
    await onEach?.(batch);
  });
  return {
    batches,
    running,
    records: () => batches.flatMap((b) => b.records),
    until: (n: number) =>
      count() >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve })),
  };
}
