import { describe, expect, it } from 'vitest';
import { ManualClock, systemClock } from '../../../bus/delivery/clock.js';
import { DeliveryAbortedError } from '../../../bus/delivery/errors.js';

describe('ManualClock', () => {
  it('starts where told and moves only on advance', async () => {
    const clock = new ManualClock(1_000);
    expect(clock.now()).toBe(1_000);
    await clock.advance(250);
    expect(clock.now()).toBe(1_250);
  });

  it('wakes due sleepers earliest first (ties in sleep order), each at its due time', async () => {
    const clock = new ManualClock();
    const woke: [string, number][] = [];
    const sleep = (name: string, ms: number) => clock.sleep(ms).then(() => woke.push([name, clock.now()]));
    void sleep('c', 300);
    void sleep('a', 100);
    void sleep('b', 100);
    void sleep('late', 1_000);
    expect(clock.sleepers).toBe(4);
    expect(clock.nextDue()).toBe(100);
    await clock.advance(500);
    expect(woke).toEqual([
      ['a', 100],
      ['b', 100],
      ['c', 300],
    ]);
    expect(clock.now()).toBe(500);
    expect(clock.sleepers).toBe(1);
  });

  it('wakes, within one advance, sleeps started by woken code', async () => {
    const clock = new ManualClock();
    const times: number[] = [];
    const loop = async () => {
      for (let i = 0; i < 5; i++) {
        await clock.sleep(10);
        times.push(clock.now());
      }
    };
    const done = loop();
    await clock.advance(35);
    expect(times).toEqual([10, 20, 30]);
    await clock.advance(100);
    await done;
    expect(times).toEqual([10, 20, 30, 40, 50]);
  });

  it('runAll jumps from sleeper to sleeper until none is left', async () => {
    const clock = new ManualClock();
    const p = (async () => {
      await clock.sleep(86_400_000);
      await clock.sleep(5);
      return clock.now();
    })();
    await clock.runAll();
    await expect(p).resolves.toBe(86_400_005);
    expect(clock.sleepers).toBe(0);
  });

  it('runAll refuses to spin forever', async () => {
    const clock = new ManualClock();
    const forever = async () => {
      for (;;) await clock.sleep(1);
    };
    void forever();
    await expect(clock.runAll(50)).rejects.toThrow(/still sleeping after 50 wakes/);
  });

  it('rejects a sleep at once when the signal aborts, and forgets the sleeper', async () => {
    const clock = new ManualClock();
    const controller = new AbortController();
    const p = clock.sleep(10_000, controller.signal);
    expect(clock.sleepers).toBe(1);
    controller.abort('paused');
    await expect(p).rejects.toBeInstanceOf(DeliveryAbortedError);
    await expect(p).rejects.toMatchObject({ cause: 'paused' });
    expect(clock.sleepers).toBe(0);
    expect(clock.now()).toBe(0);
  });

  it('rejects a sleep started with an aborted signal', async () => {
    const clock = new ManualClock();
    await expect(clock.sleep(1, AbortSignal.abort('stopped'))).rejects.toMatchObject({ code: 'delivery.aborted' });
    expect(clock.sleepers).toBe(0);
  });

  it('treats a negative wait as no wait', async () => {
    const clock = new ManualClock(50);
    const p = clock.sleep(-10);
    await clock.advance(0);
    await expect(p).resolves.toBeUndefined();
    expect(clock.now()).toBe(50);
  });
});

describe('systemClock', () => {
  it('tells the wall time', () => {
    const before = Date.now();
    const now = systemClock.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('ends a long sleep as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const p = systemClock.sleep(60_000, controller.signal);
    controller.abort('stopped');
    await expect(p).rejects.toMatchObject({ code: 'delivery.aborted', cause: 'stopped' });
  });

  it('rejects at once for an already aborted signal', async () => {
    await expect(systemClock.sleep(60_000, AbortSignal.abort('x'))).rejects.toBeInstanceOf(DeliveryAbortedError);
  });

  it('resolves a zero wait', async () => {
    await expect(systemClock.sleep(0)).resolves.toBeUndefined();
  });
});
