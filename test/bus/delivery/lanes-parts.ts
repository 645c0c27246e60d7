/** What the lanes tests share (not a test file itself). */
import type { LaneItem, Outcome } from '../../../bus/delivery/lanes.js';

export interface Item extends LaneItem {
  n: number;
}

/** Gives records increasing offsets per partition, numbered in push order. */
export function numbered(specs: { key: string | null; partition: number }[]): Item[] {
  const next = new Map<number, number>();
  return specs.map((spec, n) => {
    const offset = next.get(spec.partition) ?? 0;
    next.set(spec.partition, offset + 1);
    return { ...spec, offset, n };
  });
}

/** A promise resolved from outside. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

export const settleMicrotasks = () => new Promise((resolve) => setImmediate(resolve));
export const delivered: Outcome = { status: 'delivered' };
