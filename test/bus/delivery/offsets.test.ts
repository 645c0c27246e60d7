import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createOffsetTracker } from '../../../bus/delivery/offsets.js';

describe('offset tracker', () => {
  it('has nothing to commit before a record is tracked', () => {
    const tracker = createOffsetTracker();
    expect(tracker.committable(0)).toBeUndefined();
    expect(tracker.commits()).toEqual({});
    expect(tracker.pending(0)).toBe(0);
  });

  it('commits up to the lowest unacked record, then past the last when all are acked', () => {
    const tracker = createOffsetTracker();
    for (const offset of [10, 11, 12, 13]) tracker.track(0, offset);
    expect(tracker.committable(0)).toBe(10);
    expect(tracker.ack(0, 12)).toBe(true);
    expect(tracker.ack(0, 11)).toBe(true);
    expect(tracker.committable(0)).toBe(10); // 10 still with the sink
    expect(tracker.ack(0, 10)).toBe(true);
    expect(tracker.committable(0)).toBe(13);
    expect(tracker.pending(0)).toBe(1);
    tracker.ack(0, 13);
    expect(tracker.committable(0)).toBe(14);
  });

  it('skips gaps in the offsets (compaction, transaction markers)', () => {
    const tracker = createOffsetTracker();
    for (const offset of [5, 9, 20]) tracker.track(3, offset);
    tracker.ack(3, 5);
    expect(tracker.committable(3)).toBe(9);
    tracker.ack(3, 20);
    expect(tracker.committable(3)).toBe(9);
    tracker.ack(3, 9);
    expect(tracker.committable(3)).toBe(21);
  });

  it('keeps partitions apart', () => {
    const tracker = createOffsetTracker();
    tracker.track(0, 1);
    tracker.track(1, 1);
    tracker.ack(1, 1);
    expect(tracker.committable(0)).toBe(1);
    expect(tracker.committable(1)).toBe(2);
  });

  it('refuses acks for offsets not pending (untracked, or acked twice)', () => {
    const tracker = createOffsetTracker();
    tracker.track(0, 1);
    expect(tracker.ack(0, 2)).toBe(false);
    expect(tracker.ack(7, 1)).toBe(false);
    expect(tracker.ack(0, 1)).toBe(true);
    expect(tracker.ack(0, 1)).toBe(false);
  });

  it('refuses offsets that do not increase, and bad numbers', () => {
    const tracker = createOffsetTracker();
    tracker.track(0, 5);
    expect(() => tracker.track(0, 5)).toThrow(/offset 5 tracked after 5/);
    expect(() => tracker.track(0, 4)).toThrow(expect.objectContaining({ code: 'delivery.offset.order' }));
    expect(() => tracker.track(0, -1)).toThrow(/offset must be a whole number/);
    expect(() => tracker.track(1.5, 1)).toThrow(/partition must be a whole number/);
  });

  it('reports each advance once through commits()', () => {
    const tracker = createOffsetTracker();
    tracker.track(0, 100);
    tracker.track(0, 101);
    tracker.track(1, 7);
    expect(tracker.commits()).toEqual({}); // nothing acked: the start is already committed
    tracker.ack(0, 100);
    tracker.ack(1, 7);
    expect(tracker.commits()).toEqual({ 0: 101, 1: 8 });
    expect(tracker.commits()).toEqual({});
    tracker.ack(0, 101);
    expect(tracker.commits()).toEqual({ 0: 102 });
  });

  it('forgets a revoked partition: no commits, late acks ignored', () => {
    const tracker = createOffsetTracker();
    const lateAck = tracker.track(0, 1);
    tracker.track(0, 2);
    tracker.revoke(0);
    expect(lateAck()).toBe(false);
    expect(tracker.ack(0, 2)).toBe(false);
    expect(tracker.committable(0)).toBeUndefined();
    expect(tracker.commits()).toEqual({});
  });

  it('does not let an ack from before a rebalance mark a record of the new assignment', () => {
    const tracker = createOffsetTracker();
    const staleAck = tracker.track(0, 5);
    tracker.revoke(0);
    tracker.track(0, 5); // assigned again, reading from the committed offset 5
    expect(staleAck()).toBe(false);
    expect(tracker.committable(0)).toBe(5);
    expect(tracker.pending(0)).toBe(1);
  });

  it('acks through the handle track returns', () => {
    const tracker = createOffsetTracker();
    const ack = tracker.track(2, 0);
    expect(ack()).toBe(true);
    expect(ack()).toBe(false);
    expect(tracker.committable(2)).toBe(1);
  });

  it('stays correct past its internal compaction (many records)', () => {
    const tracker = createOffsetTracker();
    for (let offset = 0; offset < 5_000; offset++) tracker.track(0, offset);
    for (let offset = 0; offset < 4_000; offset++) tracker.ack(0, offset);
    expect(tracker.committable(0)).toBe(4_000);
    tracker.ack(0, 4_001);
    expect(tracker.committable(0)).toBe(4_000);
    tracker.ack(0, 4_000);
    expect(tracker.committable(0)).toBe(4_002);
    tracker.track(0, 5_000);
    for (let offset = 4_002; offset <= 5_000; offset++) tracker.ack(0, offset);
    expect(tracker.committable(0)).toBe(5_001);
  });

  it('for any ack order, never commits past an unacked record and ends past the last', () => {
    const scenario = fc
      .uniqueArray(fc.nat(200), { minLength: 1, maxLength: 60 })
      .map((offsets) => offsets.sort((a, b) => a - b))
      .chain((offsets) => fc.tuple(fc.constant(offsets), fc.shuffledSubarray(offsets, { minLength: offsets.length })));
    fc.assert(
      fc.property(scenario, ([offsets, ackOrder]) => {
        const tracker = createOffsetTracker();
        for (const offset of offsets) tracker.track(0, offset);
        const acked = new Set<number>();
        let previous = tracker.committable(0)!;
        expect(previous).toBe(offsets[0]);
        for (const offset of ackOrder) {
          tracker.ack(0, offset);
          acked.add(offset);
          const next = tracker.committable(0)!;
          // reference: the lowest tracked offset not acked, or one past the last
          const lowestUnacked = offsets.find((o) => !acked.has(o));
          expect(next).toBe(lowestUnacked ?? offsets.at(-1)! + 1);
          for (const o of offsets) if (o < next) expect(acked.has(o)).toBe(true);
          expect(next).toBeGreaterThanOrEqual(previous);
          previous = next;
        }
        expect(previous).toBe(offsets.at(-1)! + 1);
        expect(tracker.pending(0)).toBe(0);
      }),
    );
  });
});
