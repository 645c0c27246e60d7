/**
 * Which lane a record goes to. A task's records spread over `concurrency` lanes by key
 * hash; each lane delivers its records in order, the lanes side by side. Records with one
 * key always share a lane, so they arrive in order at any concurrency. Records without a
 * key go to the lane of their partition: for them the partition's order is kept (as in
 * Kafka), and one partition's keyless records do not spread over lanes.
 */

/** What picks a record's lane. `key` is the record key as text (e.g. UTF-8 or base64 of the bytes). */
export interface LaneItem {
  key: string | null;
  partition: number;
  offset: number;
}

/**
 * How one record ended. `delivered`, `dead-lettered` and `dropped` (no dead letter queue
 * configured) all acknowledge the record — its offset may be committed. `stop` (a failure
 * under `tolerance: NONE`, or an aborted delivery) acknowledges nothing; the task stops with `reason`.
 */
export type Outcome =
  | { status: 'delivered' }
  | { status: 'dead-lettered' }
  | { status: 'dropped' }
  | { status: 'stop'; reason: unknown };

/** FNV-1a over the UTF-16 code units: cheap, stable across runs and processes. */
function hashKey(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/**
 * The lane (0-based) a record goes to.
 *
 * @example laneOf({ key: 'order-1', partition: 0, offset: 7 }, 6) // the same lane for every 'order-1'
 */
export function laneOf(item: LaneItem, concurrency: number): number {
  return (item.key === null ? item.partition : hashKey(item.key)) % concurrency;
}
