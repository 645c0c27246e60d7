/**
 * Catches a fetch that skipped records. kafkajs 2.2.4 moves a partition's position past offset X
 * without handing X over when a fetch at X returns only records below X (it takes that for log
 * compaction: `Batch.lastOffset()` answers the fetched offset, and the next fetch starts at X+1).
 * On a leader change this lost a record (the strict failover test of test/e2e/kafka-cluster.test.ts
 * saw it 2 runs in 3). So each partition's next raw offset is remembered, and a batch that starts
 * past it is refused once with a seek back to it; when the fetch from there starts at the same
 * later offset again, the gap is real (compacted away, or only a transaction marker was there) and
 * the batch is taken.
 */

/** What to do with a batch: take it, or seek back to the first offset not handed over yet. */
export type GapVerdict = { take: true } | { take: false; seek: number };

/** Per-partition bookkeeping of the offsets handed over (one per consumer; `forget` it on a rejoin). */
export class OffsetGaps {
  readonly #next = new Map<string, number>();
  readonly #confirming = new Map<string, { from: number; to: number }>();

  /** Judges a batch whose raw records (control records included) start at `first`. */
  check(topic: string, partition: number, first: number): GapVerdict {
    const key = `${topic}\u0000${partition}`;
    const expected = this.#next.get(key);
    if (expected === undefined || first <= expected) {
      this.#confirming.delete(key);
      return { take: true };
    }
    const seen = this.#confirming.get(key);
    if (seen !== undefined && seen.from === expected && seen.to === first) {
      this.#confirming.delete(key);
      return { take: true };
    }
    this.#confirming.set(key, { from: expected, to: first });
    return { take: false, seek: expected };
  }

  /** Records that a partition's batch was handed over up to `last` (its raw last offset). */
  handed(topic: string, partition: number, last: number): void {
    this.#next.set(`${topic}\u0000${partition}`, last + 1);
  }

  /** Forgets every partition: after a rebalance another member may have moved them on. */
  forget(): void {
    this.#next.clear();
    this.#confirming.clear();
  }
}
