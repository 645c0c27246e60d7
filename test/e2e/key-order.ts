/**
 * Per-key order under at-least-once delivery, as Kafka defines it for one partition's log.
 *
 * Each key's records were produced in one order (their `seq`s, ascending). A delivery of them is in
 * order when every record after the first is either
 *   - the key's next record after the one before it (the stream going on), or
 *   - the one before it or an earlier one: a redelivery starting over from an earlier record, as a
 *     consumer does from its last committed offset and a producer does when it sends a batch again.
 * A record delivered after a *later* record than its predecessor (skipping one or more) is an
 * order break, whether it is delivered for the first time or again. So the distinct records come in
 * order (no record before all its key's earlier ones), and a redelivery is a contiguous re-run from an
 * earlier record, catching up without skipping. In order: `1 2 3 4`, `1 2 3 2 3 4`, `1 2 2 1 2 3`.
 * Breaks: `1 3 2 4` (3 before 2) and, stricter than "first deliveries in order", a redelivery that
 * skips a record (`1 2 3 1 3 4`). A redelivery cut short by another (`1 2 3 2 1 2 3`) is in order.
 */

/** One delivered record: its key and its number in the produced stream. */
export interface KeyedRecord {
  key: string;
  seq: number;
}

/** A place where a key's delivery skipped ahead. */
export interface OrderBreak {
  key: string;
  /** The record delivered before, and the one delivered after it (`null`: the key's first delivery). */
  after: number | null;
  got: number;
  /** The record that should have come instead (the one after `after`). */
  expected: number;
}

/**
 * The order breaks in `got` (one key's records in the order they were delivered, other keys mixed
 * in): `produced` gives each key's records in produced order.
 *
 * @example orderBreaks([{ key: 'a', seq: 0 }, { key: 'a', seq: 2 }], new Map([['a', [0, 1, 2]]])) // [{ key: 'a', after: 0, got: 2, expected: 1 }]
 */
export function orderBreaks(got: KeyedRecord[], produced: Map<string, number[]>): OrderBreak[] {
  const rankOf = new Map<number, number>();
  for (const seqs of produced.values()) for (const [rank, seq] of seqs.entries()) rankOf.set(seq, rank);
  const last = new Map<string, number>(); // rank of the key's record delivered last
  const breaks: OrderBreak[] = [];
  for (const { key, seq } of got) {
    const rank = rankOf.get(seq);
    if (rank === undefined) throw new Error(`record ${seq} of key ${key} was never produced`);
    const before = last.get(key) ?? -1;
    if (rank > before + 1) {
      const seqs = produced.get(key) ?? [];
      breaks.push({ key, after: before < 0 ? null : seqs[before]!, got: seq, expected: seqs[before + 1]! });
    }
    last.set(key, rank);
  }
  return breaks;
}

/** Each key's records in produced order, from the records as produced. */
export function producedByKey(records: KeyedRecord[]): Map<string, number[]> {
  const byKey = new Map<string, number[]>();
  for (const { key, seq } of [...records].sort((x, y) => x.seq - y.seq)) {
    const seqs = byKey.get(key);
    if (seqs === undefined) byKey.set(key, [seq]);
    else seqs.push(seq);
  }
  return byKey;
}

/** One redelivery in a partition's log: where it starts and how many records it repeats. */
export interface Replay {
  partition: number;
  /** The first repeated record, and the record delivered just before it (the furthest reached then). */
  from: number;
  after: number;
  /** Records delivered again before the log went past the furthest record reached before. */
  length: number;
}

/**
 * The redeliveries in `got` (records in the order read, partition by partition, each partition's
 * in log order; every record's seq rises with its key's produced order): a run of records at or
 * before the furthest seq the partition had reached.
 */
export function replays(got: (KeyedRecord & { partition: number })[]): Replay[] {
  const byPartition = new Map<number, KeyedRecord[]>();
  for (const r of got) {
    const list = byPartition.get(r.partition);
    if (list === undefined) byPartition.set(r.partition, [r]);
    else list.push(r);
  }
  const found: Replay[] = [];
  for (const [partition, list] of byPartition) {
    let furthest = -1;
    for (let i = 0; i < list.length; i++) {
      const { seq } = list[i]!;
      if (seq > furthest) {
        furthest = seq;
        continue;
      }
      let end = i;
      while (end < list.length && list[end]!.seq <= furthest) end++;
      found.push({ partition, from: seq, after: list[i - 1]!.seq, length: end - i });
      i = end - 1;
    }
  }
  return found;
}
