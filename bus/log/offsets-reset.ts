/**
 * Moving a consumer group's committed offsets — to the earliest or latest record, to an offset, or to
 * the first record at or after a time — and showing them against the end of the log (the lag), the
 * same way on the embedded bus and on Kafka. What `conflux offsets` and the task API call.
 *
 * @example await resetOffsets({ group: 'GID_x', topic: 'orders', to: { timestamp: Date.parse('2026-11-30') } }, { log })
 */
import { kafkaGroupOffsets, kafkaResetOffsets } from './kafka/kafka-offsets-reset.js';
import {
  chooseOffsets,
  type MovedOffset,
  type OffsetTarget,
  type PartitionOffsets,
  type PartitionRange,
  type ResetRequest,
} from './reset-to.js';
import type { EventLog } from './types.js';

export type { MovedOffset, OffsetTarget, PartitionOffsets, ResetRequest, ResetTo } from './reset-to.js';
export { resetToFromJson } from './reset-to.js';

/**
 * The first offset of a partition whose record's timestamp is at or after `timestamp`, or the end
 * when there is none. Timestamps need not grow with offsets (producers may set them), so this scans
 * the partition — what Kafka's time index answers, without one.
 */
export async function embeddedOffsetForTime(
  log: EventLog,
  topic: string,
  partition: number,
  timestamp: number,
): Promise<number> {
  const end = await log.endOffset(topic, partition);
  for (let offset = 0; offset < end; ) {
    const records = await log.read(topic, partition, offset, 1000);
    if (records.length === 0) break;
    for (const record of records) if (record.timestamp >= timestamp) return record.offset;
    offset = records[records.length - 1]!.offset + 1;
  }
  return end;
}

async function embeddedRanges(log: EventLog, topic: string): Promise<PartitionRange[]> {
  const count = await log.partitions(topic);
  const ranges: PartitionRange[] = [];
  for (let partition = 0; partition < count; partition++)
    ranges.push({ partition, low: 0, end: await log.endOffset(topic, partition) });
  return ranges;
}

/** Committed offsets, log range and lag of each partition of `topic` for `group`. */
export async function showOffsets(
  request: { group: string; topic: string },
  target: OffsetTarget,
): Promise<PartitionOffsets[]> {
  if ('brokers' in target) return kafkaGroupOffsets(request, target.brokers);
  const { log } = target;
  const committed = await log.committed(request.group, request.topic);
  return (await embeddedRanges(log, request.topic)).map(({ partition, low, end }) => {
    const at = committed[partition] ?? null;
    return { partition, committed: at, low, end, lag: Math.max(0, end - (at ?? low)) };
  });
}

/**
 * Moves the committed offsets of `group` on `topic`; returns each partition moved, from → to.
 * On Kafka the group must have no active members (a running consumer would overwrite the reset):
 * a `log.group-active` error says so. The embedded bus has no membership: pause the group's tasks
 * first, since a running task keeps reading from where it was and commits over the reset.
 */
export async function resetOffsets(request: ResetRequest, target: OffsetTarget): Promise<MovedOffset[]> {
  if ('brokers' in target) return kafkaResetOffsets(request, target.brokers);
  const { log } = target;
  const { group, topic, to } = request;
  const ranges = await embeddedRanges(log, topic);
  const chosen = await chooseOffsets(topic, ranges, to, (p, ts) => embeddedOffsetForTime(log, topic, p, ts));
  const before = await log.committed(group, topic);
  await log.commit(group, topic, Object.fromEntries(chosen));
  return [...chosen].map(([partition, next]) => ({ partition, from: before[partition] ?? null, to: next }));
}
