import { describe, expect, it } from 'vitest';
import { OffsetGaps } from '../../../../bus/log/kafka/offset-gaps.js';

describe('OffsetGaps: a batch that starts past the next offset is refused once', () => {
  it('takes the first batch of a partition and every batch that continues it', () => {
    const gaps = new OffsetGaps();
    expect(gaps.check('t', 0, 40)).toEqual({ take: true });
    gaps.handed('t', 0, 49);
    expect(gaps.check('t', 0, 50)).toEqual({ take: true });
  });

  it('seeks back to a skipped offset, and takes the batch that then starts there', () => {
    const gaps = new OffsetGaps();
    gaps.handed('t', 0, 249);
    expect(gaps.check('t', 0, 251)).toEqual({ take: false, seek: 250 });
    expect(gaps.check('t', 0, 250)).toEqual({ take: true });
  });

  it('takes a gap that the fetch from the skipped offset shows again (compaction, a transaction marker)', () => {
    const gaps = new OffsetGaps();
    gaps.handed('t', 0, 99);
    expect(gaps.check('t', 0, 101)).toEqual({ take: false, seek: 100 });
    expect(gaps.check('t', 0, 101)).toEqual({ take: true });
    gaps.handed('t', 0, 120);
    // a new gap is checked anew
    expect(gaps.check('t', 0, 125)).toEqual({ take: false, seek: 121 });
  });

  it('takes a batch that starts before the next offset (a redelivery) and keeps partitions apart', () => {
    const gaps = new OffsetGaps();
    gaps.handed('t', 0, 99);
    gaps.handed('t', 1, 9);
    expect(gaps.check('t', 0, 60)).toEqual({ take: true });
    expect(gaps.check('t', 1, 12)).toEqual({ take: false, seek: 10 });
    expect(gaps.check('u', 1, 12)).toEqual({ take: true });
  });

  it('forgets every partition after a rebalance: another member may have moved them on', () => {
    const gaps = new OffsetGaps();
    gaps.handed('t', 0, 99);
    gaps.forget();
    expect(gaps.check('t', 0, 500)).toEqual({ take: true });
  });
});
