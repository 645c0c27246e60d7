import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLanes, laneOf, type Outcome } from '../../../bus/delivery/lanes.js';
import { createOffsetTracker } from '../../../bus/delivery/offsets.js';
import { deferred, delivered, type Item, numbered, settleMicrotasks } from './lanes-parts.js';

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
