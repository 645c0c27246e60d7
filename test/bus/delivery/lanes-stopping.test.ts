import { describe, expect, it } from 'vitest';
import { DeliveryStoppedError } from '../../../bus/delivery/errors.js';
import { createLanes, laneOf, type Outcome } from '../../../bus/delivery/lanes.js';
import { deferred, delivered, type Item, numbered, settleMicrotasks } from './lanes-parts.js';

describe('stopping', () => {
  const failure = new Error('HTTP 400 after 1 attempt');

  it('stops everything on a `stop` outcome: no new records, the failed lane abandons its queue', async () => {
    const gates = new Map<number, ReturnType<typeof deferred<Outcome>>>();
    const signals: AbortSignal[] = [];
    const settled: [number, string][] = [];
    const lanes = createLanes<Item>({
      concurrency: 2,
      deliver: (item, signal) => {
        signals.push(signal);
        const d = deferred<Outcome>();
        gates.set(item.n, d);
        return d.promise;
      },
      onSettled: (item, outcome) => settled.push([item.n, outcome.status]),
    });
    // keys chosen to land in different lanes of 2
    const keyIn = (lane: number) =>
      ['k0', 'k1', 'k2', 'k3', 'k4', 'k5'].find((k) => laneOf({ key: k, partition: 0, offset: 0 }, 2) === lane)!;
    const items = numbered([
      { key: keyIn(0), partition: 0 },
      { key: keyIn(1), partition: 0 },
      { key: keyIn(0), partition: 0 },
      { key: keyIn(1), partition: 0 },
    ]);
    for (const item of items) expect(await lanes.push(item)).toBe(true);
    expect(lanes.inFlight).toBe(4);

    gates.get(0)!.resolve({ status: 'stop', reason: failure });
    await settleMicrotasks();
    expect(lanes.signal.aborted).toBe(true);
    expect(lanes.signal.reason).toBeInstanceOf(DeliveryStoppedError);
    expect(lanes.signal.reason).toMatchObject({ code: 'delivery.stopped', cause: failure });
    expect(signals[1]?.aborted).toBe(true); // the other lane's delivery in progress is told to abort
    expect(await lanes.push(numbered([{ key: 'x', partition: 1 }])[0]!)).toBe(false);

    gates.get(1)!.resolve({ status: 'stop', reason: 'aborted' });
    await lanes.drain();
    expect(settled).toEqual([
      [0, 'stop'],
      [1, 'stop'],
    ]);
    expect(gates.has(2)).toBe(false); // never started
    expect(gates.has(3)).toBe(false);
    expect(lanes.abandoned).toBe(2);
    expect(lanes.inFlight).toBe(0);
    expect(lanes.signal.reason.cause).toBe(failure); // the first reason is kept
  });

  it('keeps going after dead-lettered and dropped records', async () => {
    const outcomes: Outcome[] = [{ status: 'dead-lettered' }, { status: 'dropped' }, delivered];
    const settled: string[] = [];
    const lanes = createLanes<Item>({
      concurrency: 1,
      deliver: async (item) => outcomes[item.n]!,
      onSettled: (_item, outcome) => settled.push(outcome.status),
    });
    for (const item of numbered([
      { key: 'a', partition: 0 },
      { key: 'a', partition: 0 },
      { key: 'a', partition: 0 },
    ])) {
      expect(await lanes.push(item)).toBe(true);
    }
    await lanes.drain();
    expect(settled).toEqual(['dead-lettered', 'dropped', 'delivered']);
    expect(lanes.signal.aborted).toBe(false);
  });

  it('treats a throwing deliver as a stop with that error', async () => {
    const bug = new TypeError('bug');
    const lanes = createLanes<Item>({
      concurrency: 1,
      deliver: async () => {
        throw bug;
      },
    });
    const [a, b] = numbered([
      { key: 'a', partition: 0 },
      { key: 'a', partition: 0 },
    ]) as [Item, Item];
    const taken = [lanes.push(a), lanes.push(b)]; // both taken before the first delivery fails
    expect(await Promise.all(taken)).toEqual([true, true]);
    await lanes.drain();
    expect(lanes.signal.reason).toMatchObject({ cause: bug });
    expect(lanes.abandoned).toBe(1);
  });

  it('treats a throwing onSettled as a stop too', async () => {
    const oops = new Error('metrics down');
    const lanes = createLanes<Item>({
      concurrency: 1,
      deliver: async () => delivered,
      onSettled: () => {
        throw oops;
      },
    });
    await lanes.push(numbered([{ key: null, partition: 0 }])[0]!);
    await lanes.drain();
    expect(lanes.signal.reason).toMatchObject({ cause: oops });
  });

  it('on an outside stop (pause), answers waiting pushes with false', async () => {
    const gate = deferred<Outcome>();
    const lanes = createLanes<Item>({ concurrency: 1, maxInFlight: 1, deliver: () => gate.promise });
    const [a, b] = numbered([
      { key: 'a', partition: 0 },
      { key: 'b', partition: 0 },
    ]) as [Item, Item];
    expect(await lanes.push(a)).toBe(true);
    const waiting = lanes.push(b);
    lanes.stop('task paused');
    expect(await waiting).toBe(false);
    expect(lanes.signal.reason).toMatchObject({ cause: 'task paused' });
    gate.resolve(delivered);
    await lanes.drain();
    expect(lanes.abandoned).toBe(0);
  });

  it('drain resolves at once when nothing was pushed', async () => {
    const lanes = createLanes<Item>({ concurrency: 3, deliver: async () => delivered });
    await expect(lanes.drain()).resolves.toBeUndefined();
  });
});
