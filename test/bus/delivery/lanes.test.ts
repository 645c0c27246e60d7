import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeliveryStoppedError } from '../../../bus/delivery/errors.js';
import { createLanes, type LaneItem, laneOf, type Outcome } from '../../../bus/delivery/lanes.js';
import { createOffsetTracker } from '../../../bus/delivery/offsets.js';

interface Item extends LaneItem {
  n: number;
}

/** Gives records increasing offsets per partition, numbered in push order. */
function numbered(specs: { key: string | null; partition: number }[]): Item[] {
  const next = new Map<number, number>();
  return specs.map((spec, n) => {
    const offset = next.get(spec.partition) ?? 0;
    next.set(spec.partition, offset + 1);
    return { ...spec, offset, n };
  });
}

/** A promise resolved from outside. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const settleMicrotasks = () => new Promise((resolve) => setImmediate(resolve));
const delivered: Outcome = { status: 'delivered' };

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

describe('createLanes options', () => {
  const deliver = async () => delivered;
  it.each([0, 33, 1.5, Number.NaN])('rejects concurrency %s', (concurrency) => {
    expect(() => createLanes({ concurrency, deliver })).toThrow(
      expect.objectContaining({ code: 'delivery.lanes.invalid', path: 'concurrency' }),
    );
  });
  it('rejects maxInFlight below 1', () => {
    expect(() => createLanes({ concurrency: 1, maxInFlight: 0, deliver })).toThrow(
      /maxInFlight must be a whole number ≥ 1/,
    );
  });
});

describe('lanes under any interleaving', () => {
  const specs = fc.array(fc.record({ key: fc.constantFrom('a', 'b', 'c', 'd', 'e', null), partition: fc.nat(3) }), {
    maxLength: 40,
  });

  it('deliver each key in push order, respect concurrency and maxInFlight, and never commit past an unacked record', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        specs,
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 10 }),
        async (s, specList, concurrency, maxInFlight) => {
          const items = numbered(specList);
          const order: Item[] = [];
          const unsettled = new Set<Item>();
          const laneBusy = new Array<number>(concurrency).fill(0);
          let active = 0;
          let maxActive = 0;
          let maxInFlightSeen = 0;
          const tracker = createOffsetTracker();
          const lanes = createLanes<Item>({
            concurrency,
            maxInFlight,
            deliver: async (item) => {
              const lane = laneOf(item, concurrency);
              laneBusy[lane]! += 1;
              expect(laneBusy[lane]).toBe(1); // a lane delivers one record at a time
              active += 1;
              maxActive = Math.max(maxActive, active);
              await s.schedule(Promise.resolve(), `deliver ${item.n}`);
              order.push(item);
              active -= 1;
              laneBusy[lane]! -= 1;
              return delivered;
            },
            onSettled: (item) => {
              unsettled.delete(item);
              tracker.ack(item.partition, item.offset);
              for (const u of unsettled) expect(tracker.committable(u.partition)).toBeLessThanOrEqual(u.offset);
            },
          });
          const producer = (async () => {
            for (const item of items) {
              tracker.track(item.partition, item.offset);
              unsettled.add(item);
              expect(await lanes.push(item)).toBe(true);
              maxInFlightSeen = Math.max(maxInFlightSeen, lanes.inFlight);
            }
            await lanes.drain();
          })();
          await s.waitFor(producer);

          expect(order).toHaveLength(items.length);
          expect(maxActive).toBeLessThanOrEqual(concurrency);
          expect(maxInFlightSeen).toBeLessThanOrEqual(maxInFlight);
          const byKey = (it: Item) => (it.key === null ? `partition ${it.partition}` : `key ${it.key}`);
          for (const group of new Set(items.map(byKey))) {
            const pushed = items.filter((it) => byKey(it) === group).map((it) => it.n);
            expect(order.filter((it) => byKey(it) === group).map((it) => it.n)).toEqual(pushed);
          }
          for (const partition of new Set(items.map((it) => it.partition))) {
            expect(tracker.committable(partition)).toBe(items.filter((it) => it.partition === partition).length);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('backpressure', () => {
  it('makes push wait while maxInFlight records are in flight, and takes waiting records in call order', async () => {
    const pending = new Map<number, ReturnType<typeof deferred<Outcome>>>();
    const started: number[] = [];
    const lanes = createLanes<Item>({
      concurrency: 4,
      maxInFlight: 2,
      deliver: (item) => {
        started.push(item.n);
        const d = deferred<Outcome>();
        pending.set(item.n, d);
        return d.promise;
      },
    });
    const [a, b, c, d] = numbered([
      { key: 'a', partition: 0 },
      { key: 'b', partition: 0 },
      { key: 'c', partition: 0 },
      { key: 'a', partition: 0 },
    ]) as [Item, Item, Item, Item];
    expect(await lanes.push(a)).toBe(true);
    expect(await lanes.push(b)).toBe(true);
    let cTaken = false;
    let dTaken = false;
    const pc = lanes.push(c).then((ok) => (cTaken = ok));
    const pd = lanes.push(d).then((ok) => (dTaken = ok));
    await settleMicrotasks();
    expect([cTaken, dTaken, lanes.inFlight]).toEqual([false, false, 2]);

    pending.get(b.n)!.resolve(delivered);
    await pc;
    await settleMicrotasks();
    expect([cTaken, dTaken]).toEqual([true, false]);
    expect(started).toEqual([0, 1, 2]);

    pending.get(a.n)!.resolve(delivered);
    await pd;
    await settleMicrotasks();
    expect(started).toEqual([0, 1, 2, 3]);
    pending.get(c.n)!.resolve(delivered);
    pending.get(d.n)!.resolve(delivered);
    await lanes.drain();
    expect(lanes.inFlight).toBe(0);
  });
});

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
