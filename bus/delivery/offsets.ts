import { DeliveryConfigError } from './errors.js';

/**
 * Which offsets a consumer may commit when lanes finish records out of order. A partition's
 * commit is the lowest offset still unacknowledged — never past a record the sink has not
 * acknowledged or the dead letter queue stored — so a crash re-delivers, never loses
 * (Redpanda Connect's checkpointer in `franz_reader_ordered.go`). Offsets may have gaps
 * (compaction, transaction markers): only tracked offsets count.
 */
export interface OffsetTracker {
  /**
   * Notes a record handed to the lanes; offsets of a partition must increase. Returns the
   * record's own ack, bound to this assignment of the partition: after a revoke it does
   * nothing (returns false), so a late ack cannot mark a record read again after a rebalance.
   */
  track(partition: number, offset: number): () => boolean;
  /** Acknowledges a tracked record (delivered or dead-lettered); false when it was not pending. */
  ack(partition: number, offset: number): boolean;
  /** The next offset to commit (lowest unacked, or last tracked + 1); undefined before any track or after a revoke. */
  committable(partition: number): number | undefined;
  /** How many tracked records of the partition are not yet acknowledged. */
  pending(partition: number): number;
  /** The partition left this consumer: forget it; its acks and commits stop. */
  revoke(partition: number): void;
  /**
   * The committable offsets that moved since the last call, shaped for `EventLog.commit`.
   * Call it and start the commit in the same tick, so a revoke cannot slip in between.
   */
  commits(): Record<number, number>;
}

interface PartitionState {
  /** Tracked offsets in order; entries before `head` are acknowledged and dropped lazily. */
  order: number[];
  head: number;
  unacked: Set<number>;
  last: number;
  reported: number;
}

function checkOffset(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new DeliveryConfigError('delivery.offset.invalid', `${name} must be a whole number ≥ 0, got ${value}`);
  }
}

/** The lowest unacked tracked offset, or one past the last tracked when all are acked. */
function frontier(state: PartitionState): number {
  while (state.head < state.order.length && !state.unacked.has(state.order[state.head]!)) state.head += 1;
  if (state.head > 1024 && state.head * 2 > state.order.length) {
    state.order = state.order.slice(state.head);
    state.head = 0;
  }
  return state.head < state.order.length ? state.order[state.head]! : state.last + 1;
}

/**
 * A tracker for one consumer of one topic.
 *
 * @example const ack = tracker.track(0, 41); … ack(); log.commit(group, topic, tracker.commits())
 */
export function createOffsetTracker(): OffsetTracker {
  const partitions = new Map<number, PartitionState>();

  return {
    track(partition, offset) {
      checkOffset('partition', partition);
      checkOffset('offset', offset);
      let state = partitions.get(partition);
      if (state === undefined) {
        state = { order: [], head: 0, unacked: new Set(), last: offset - 1, reported: offset };
        partitions.set(partition, state);
      } else if (offset <= state.last) {
        throw new DeliveryConfigError(
          'delivery.offset.order',
          `partition ${partition}: offset ${offset} tracked after ${state.last}; offsets must increase`,
        );
      }
      state.order.push(offset);
      state.unacked.add(offset);
      state.last = offset;
      const tracked = state;
      return () => partitions.get(partition) === tracked && tracked.unacked.delete(offset);
    },

    ack(partition, offset) {
      return partitions.get(partition)?.unacked.delete(offset) ?? false;
    },

    committable(partition) {
      const state = partitions.get(partition);
      return state === undefined ? undefined : frontier(state);
    },

    pending(partition) {
      return partitions.get(partition)?.unacked.size ?? 0;
    },

    revoke(partition) {
      partitions.delete(partition);
    },

    commits() {
      const out: Record<number, number> = {};
      for (const [partition, state] of partitions) {
        const next = frontier(state);
        if (next > state.reported) {
          out[partition] = next;
          state.reported = next;
        }
      }
      return out;
    },
  };
}
