import { describe, expect, it } from 'vitest';
import { ManualClock, SinkError } from '../../../bus/delivery/index.js';
import type { CloudEvent } from '../../../bus/event.js';
import type { SinkMessage, TaskSource } from '../../../bus/task/contract.js';
import { Task } from '../../../bus/task/task.js';
import { parts, record, scriptedLog, settled, twoBatches } from './task-parts.js';

describe('Task', () => {
  it('filters, transforms, writes, and commits each batch only after the sink acknowledged it', async () => {
    const log: string[] = [];
    const sink = {
      write: async (m: SinkMessage[]) => void log.push(`write ${m.map((x) => x.payload).join(',')}`),
      close: async () => {},
    };
    const task = new Task(
      parts({
        openSource: scriptedLog(twoBatches, log).openSource,
        sink,
        filter: (e) => (e.data as { ok: number }).ok === 1,
      }),
    );
    await task.start();
    await settled(task);
    expect(log).toEqual(['write #0', 'commit 0@2', 'write #2', 'commit 0@3']);
    expect(task.counters).toMatchObject({ eventsIn: 3, eventsFiltered: 1, eventsOut: 2, batches: 2 });
    expect(task.status()).toEqual({ state: 'stopped' });
  });

  it('prepares the rest of a big batch while the sink writes a chunk, then writes all of it at once, in order; commits once at the end', async () => {
    const log: string[] = [];
    const records = Array.from({ length: 600 }, (_, i) => record(i, { ok: 1 }, `k${i % 3}`));
    const acks: (() => void)[] = [];
    const sink = {
      write: (m: SinkMessage[]) =>
        new Promise<void>((resolve) => {
          log.push(`write ${m[0]!.payload}..${m.at(-1)!.payload}`);
          acks.push(resolve);
        }),
      close: async () => {},
    };
    const transform = async (event: CloudEvent) => {
      log.push(`transform ${event.id}`);
      return [`#${event.id}`];
    };
    const batch = [{ topic: 't', partition: 0, records }];
    const task = new Task(parts({ openSource: scriptedLog(batch, log).openSource, sink, transform }));
    await task.start();
    const written = async (n: number) => {
      while (acks.length < n) await new Promise((resolve) => setImmediate(resolve));
    };
    await written(1);
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    // the first chunk is in the sink's hands; the rest is transformed meanwhile, not yet written
    const steps = log.filter((line) => !line.startsWith('transform') || line === 'transform 599');
    expect(steps).toEqual(['write #0..#249', 'transform 599']);
    expect(acks).toHaveLength(1);
    acks[0]!();
    await written(2);
    expect(log.filter((line) => !line.startsWith('transform'))).toEqual(['write #0..#249', 'write #250..#599']);
    acks[1]!();
    await settled(task);
    expect(log.at(-1)).toBe('commit 0@600');
    expect(log.filter((line) => line.startsWith('commit'))).toHaveLength(1);
    expect(task.counters).toMatchObject({ eventsIn: 600, eventsOut: 600, batches: 1 });
  });

  it('writes each chunk of a big batch on its own when the sink acknowledges before the next is ready', async () => {
    const log: string[] = [];
    const records = Array.from({ length: 600 }, (_, i) => record(i, { ok: 1 }, `k${i % 3}`));
    const sink = {
      write: async (m: SinkMessage[]) => void log.push(`write ${m[0]!.payload}..${m.at(-1)!.payload}`),
      close: async () => {},
    };
    const batch = [{ topic: 't', partition: 0, records }];
    const task = new Task(parts({ openSource: scriptedLog(batch, log).openSource, sink }));
    await task.start();
    await settled(task);
    expect(log).toEqual(['write #0..#249', 'write #250..#499', 'write #500..#599', 'commit 0@600']);
  });

  it('fails with the reason when its source cannot be opened, and can be started again', async () => {
    const log: string[] = [];
    let refuse = true;
    const scripted = scriptedLog(twoBatches, log);
    const openSource = async () => {
      if (refuse) throw new Error('source.path /hooks is already taken');
      return scripted.openSource();
    };
    const sink = { write: async (m: SinkMessage[]) => void log.push(`write ${m.length}`), close: async () => {} };
    const task = new Task(parts({ openSource, sink }));
    await expect(task.start()).rejects.toThrow(/already taken/);
    expect(task.status()).toEqual({ state: 'failed', reason: 'source.path /hooks is already taken' });
    refuse = false;
    await task.start();
    await settled(task);
    expect(log).toEqual(['write 2', 'commit 0@2', 'write 1', 'commit 0@3']);
  });

  it('retries a retriable failure on the injected clock and then delivers', async () => {
    const log: string[] = [];
    const clock = new ManualClock();
    let calls = 0;
    const sink = {
      async write() {
        if (++calls <= 2) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
        log.push(`write at ${clock.now()}`);
      },
      close: async () => {},
    };
    const task = new Task(
      parts({ openSource: scriptedLog(twoBatches.slice(0, 1), log).openSource, sink }, 'NONE', clock),
    );
    await task.start();
    await clock.runAll();
    await settled(task);
    expect(log).toEqual(['write at 20000', 'commit 0@2']); // two waits of 10 s each (random = 0)
    expect(task.counters.retries).toBe(2);
  });

  it('under tolerance NONE stops with the reason, commits nothing, and a resume re-delivers the batch', async () => {
    const log: string[] = [];
    let broken = true;
    const sink = {
      async write(m: SinkMessage[]) {
        if (broken) throw new SinkError('sink.reject', 'rejected: 400 bad request', { retriable: false });
        log.push(`write ${m.map((x) => x.payload).join(',')}`);
      },
      close: async () => {},
    };
    const scripted = scriptedLog(twoBatches, log);
    const task = new Task(parts({ openSource: scripted.openSource, sink }, 'NONE'));
    await task.start();
    await settled(task);
    expect(task.status().state).toBe('failed');
    expect(task.status().reason).toContain('rejected: 400 bad request');
    expect(log).toEqual([]);
    broken = false;
    await task.start();
    await settled(task);
    expect(log).toEqual(['write #0,#1', 'commit 0@2', 'write #2', 'commit 0@3']);
  });

  it('under tolerance ALL dead-letters only the event that fails for good and delivers its neighbours', async () => {
    const log: string[] = [];
    const deadLetters: CloudEvent[] = [];
    const sink = {
      async write(m: SinkMessage[]) {
        if (m.some((x) => x.payload === '#1'))
          throw new SinkError('sink.constraint', 'duplicate key', { retriable: false });
        log.push(`write ${m.map((x) => x.payload).join(',')}`);
      },
      close: async () => {},
    };
    const task = new Task(
      parts({
        openSource: scriptedLog(twoBatches, log).openSource,
        sink,
        delivery: {
          ...parts({ openSource: async () => ({}) as TaskSource, sink }).delivery,
          deadLetter: async (dl) => void deadLetters.push(dl),
        },
      }),
    );
    await task.start();
    await settled(task);
    expect(log).toEqual(['write #0', 'commit 0@2', 'write #2', 'commit 0@3']);
    expect(deadLetters.map((d) => [d.id, d.errormessage, d.task, d.sink, d.attempts])).toEqual([
      ['1', 'duplicate key', 'demo', 'test', 1],
    ]);
    expect(task.counters).toMatchObject({ eventsOut: 2, deadLettered: 1 });
  });

  it('treats an event whose transform throws as a permanent failure: dropped and counted without a dead-letter queue', async () => {
    const log: string[] = [];
    const sink = {
      write: async (m: SinkMessage[]) => void log.push(`write ${m.map((x) => x.payload).join(',')}`),
      close: async () => {},
    };
    const transform = async (event: CloudEvent) => {
      if (event.id === '1') throw new Error('no value at $.x');
      return [`#${event.id}`];
    };
    const task = new Task(parts({ openSource: scriptedLog(twoBatches, log).openSource, sink, transform }));
    await task.start();
    await settled(task);
    expect(log).toEqual(['write #0', 'commit 0@2', 'write #2', 'commit 0@3']);
    expect(task.counters).toMatchObject({ eventsOut: 2, dropped: 1, deadLettered: 0 });
  });

  it('tells its listener (the log) of every event it drops, with the reason, whether the sink or the transform refused it', async () => {
    const dropped: [string, string][] = [];
    const sink = {
      async write(m: SinkMessage[]) {
        if (m.some((x) => x.payload === '#1'))
          throw new SinkError('sink.constraint', 'duplicate key', { retriable: false });
      },
      close: async () => {},
    };
    const transform = async (event: CloudEvent) => {
      if (event.id === '2') throw new Error('no value at $.x');
      return [`#${event.id}`];
    };
    const task = new Task(parts({ openSource: scriptedLog(twoBatches, []).openSource, sink, transform }), {
      dropped: (_task, id, reason) => dropped.push([id, reason]),
    });
    await task.start();
    await settled(task);
    expect(dropped).toEqual([
      ['1', 'duplicate key'],
      ['2', 'no value at $.x'],
    ]);
    expect(task.counters).toMatchObject({ dropped: 2 });
  });

  it('keeps per-key order across lanes: each key is written in offset order', async () => {
    const writes: string[][] = [];
    const records = Array.from({ length: 40 }, (_, i) => record(i, { i }, `k${i % 5}`));
    const sink = {
      write: async (m: SinkMessage[]) => void writes.push(m.map((x) => x.payload)),
      close: async () => {},
    };
    const task = new Task(
      parts({
        openSource: scriptedLog([{ topic: 't', partition: 0, records }], []).openSource,
        sink,
        delivery: { ...parts({ openSource: async () => ({}) as TaskSource, sink }).delivery, concurrency: 4 },
      }),
    );
    await task.start();
    await settled(task);
    expect(writes.length).toBeGreaterThan(1); // really spread over lanes
    expect(writes.flat().sort()).toEqual(records.map((r) => `#${r.offset}`).sort());
    for (const lane of writes) {
      const offsets = lane.map((p) => Number(p.slice(1)));
      expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    }
  });
});
