import type { SinkMessage, TaskParts } from '../../../bus/task/contract.js';

/** Timings a benchmark reads off a task: first batch fetched, acks, and latency samples. */
export interface Probe {
  first: number | null;
  last: number | null;
  acked: number;
  bytes: number;
  samples: number[];
  /** Batches the source handed over, and the sink's writes (a batch is written in chunks). */
  batches: number;
  writes: number;
}

/**
 * Wraps a task's source and sink to time it without touching the runtime: `fetched` is stamped
 * as each batch is handed over; each sink ack adds a latency sample, from the batch's fetch or,
 * with `fromRecordTime`, from the record's own timestamp (its produce time).
 */
export function instrument(
  parts: TaskParts,
  options: { fromRecordTime?: boolean } = {},
): { parts: TaskParts; probe: Probe } {
  const probe: Probe = { first: null, last: null, acked: 0, bytes: 0, samples: [], batches: 0, writes: 0 };
  let current = 0;
  const openSource: TaskParts['openSource'] = async () => {
    const source = await parts.openSource();
    return {
      ...source,
      run: (onBatch) =>
        source.run(async (batch) => {
          current = performance.now();
          probe.first ??= current;
          probe.batches++;
          for (const record of batch.records) probe.bytes += record.value.length + (record.key?.length ?? 0);
          await onBatch(batch);
        }),
      commit: source.commit.bind(source),
      stop: source.stop.bind(source),
    };
  };
  const sink = {
    async write(messages: SinkMessage[]) {
      const fetched = current;
      await parts.sink.write(messages);
      const now = performance.now();
      const epoch = Date.now();
      for (const message of messages) {
        const stamp = (message.event.data as { timestamp?: number } | undefined)?.timestamp;
        probe.samples.push(options.fromRecordTime && typeof stamp === 'number' ? epoch - stamp : now - fetched);
      }
      probe.acked += messages.length;
      probe.writes++;
      probe.last = now;
    },
    close: () => parts.sink.close(),
  };
  return { parts: { ...parts, openSource, sink }, probe };
}
