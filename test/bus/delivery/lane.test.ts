import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { laneOf } from '../../../bus/delivery/lane.js';

describe('laneOf', () => {
  it('sends one key always to one lane, within range', () => {
    fc.assert(
      fc.property(fc.string(), fc.nat(50), fc.nat(50), fc.integer({ min: 1, max: 32 }), (key, p1, p2, c) => {
        const lane = laneOf({ key, partition: p1, offset: 0 }, c);
        expect(lane).toBe(laneOf({ key, partition: p2, offset: 9 }, c));
        expect(lane).toBeGreaterThanOrEqual(0);
        expect(lane).toBeLessThan(c);
      }),
    );
  });

  it('sends keyless records to the lane of their partition', () => {
    expect(laneOf({ key: null, partition: 5, offset: 0 }, 4)).toBe(1);
    expect(laneOf({ key: null, partition: 3, offset: 0 }, 32)).toBe(3);
  });

  it('is stable across runs (FNV-1a) and spreads keys over the lanes', () => {
    expect(laneOf({ key: '', partition: 0, offset: 0 }, 32)).toBe(0x811c9dc5 % 32);
    const used = new Set(
      Array.from({ length: 1000 }, (_, i) => laneOf({ key: `order-${i}`, partition: 0, offset: 0 }, 8)),
    );
    expect(used.size).toBe(8);
  });
});
