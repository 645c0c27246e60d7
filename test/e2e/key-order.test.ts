import { describe, expect, it } from 'vitest';
import { orderBreaks, producedByKey, replays } from './key-order.js';

/** Key `a`'s records 0..5 (and key `b`'s 10..12), delivered as `seqs`. */
const produced = producedByKey([
  ...[0, 1, 2, 3, 4, 5].map((seq) => ({ key: 'a', seq })),
  ...[10, 11, 12].map((seq) => ({ key: 'b', seq })),
]);
const breaksIn = (seqs: number[]) =>
  orderBreaks(
    seqs.map((seq) => ({ key: seq >= 10 ? 'b' : 'a', seq })),
    produced,
  ).map((b) => [b.after, b.got]);

describe('per-key order under at-least-once', () => {
  it.each([
    ['the stream', [0, 1, 2, 3, 4, 5]],
    ['a redelivery from an earlier record', [0, 1, 2, 3, 1, 2, 3, 4, 5]],
    ['a record sent twice', [0, 1, 1, 2, 3, 4, 5]],
    ['a redelivery cut short by another', [0, 1, 2, 3, 2, 0, 1, 2, 3, 4, 5]],
    ['another key in between', [0, 10, 1, 11, 2, 12, 3, 4, 5]],
  ])('%s is in order', (_, seqs) => {
    expect(breaksIn(seqs)).toEqual([]);
  });

  it.each([
    [
      'a record before an earlier one',
      [0, 2, 1, 3, 4, 5],
      [
        [0, 2],
        [1, 3],
      ],
    ],
    ['a redelivery that skips a record', [0, 1, 2, 3, 1, 3, 4, 5], [[1, 3]]],
    [
      'a first record that is not the first',
      [1, 0, 2, 3, 4, 5],
      [
        [null, 1],
        [0, 2],
      ],
    ],
    ['a lost record', [0, 1, 3, 4, 5], [[1, 3]]],
  ])('%s breaks it', (_, seqs, expected) => {
    expect(breaksIn(seqs)).toEqual(expected);
  });

  it('finds each redelivery in a partition and how many records it repeats', () => {
    const got = [0, 1, 2, 3, 1, 2, 3, 4, 4, 5].map((seq) => ({ partition: 0, key: 'a', seq }));
    expect(replays(got)).toEqual([
      { partition: 0, from: 1, after: 3, length: 3 },
      { partition: 0, from: 4, after: 4, length: 1 },
    ]);
  });
});
