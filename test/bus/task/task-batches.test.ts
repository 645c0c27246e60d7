import { describe, expect, it } from 'vitest';
import type { CloudEvent } from '../../../bus/event.js';
import type { StoredRecord } from '../../../bus/log/types.js';
import type { RecordBatch, SinkMessage } from '../../../bus/task/contract.js';
import { Task } from '../../../bus/task/task.js';
import { decode, parts, record, scriptedLog, settled } from './task-parts.js';

describe('Task with a transform that takes whole batches (FUNCTION)', () => {
  const keyed: RecordBatch[] = [
    {
      topic: 't',
      partition: 0,
      records: [record(0, { n: 0 }, 'a'), record(1, { n: 1 }, 'b'), record(2, { n: 2 }, 'c')],
    },
  ];
  const collect = (log: string[]) => ({
    write: async (m: SinkMessage[]) => void log.push(...m.map((x) => `${x.payload} (event ${x.event.id})`)),
    close: async () => {},
  });

  it('hands the chunk to one call and keeps each output with its event when there is one per event', async () => {
    const log: string[] = [];
    const calls: string[][] = [];
    const transformBatch = async (events: CloudEvent[], texts?: string[]) => {
      calls.push(events.map((e) => e.id));
      expect(texts).toEqual(events.map((e) => `text of ${e.id}`));
      return events.map((e) => `out ${e.id}`);
    };
    const decodeWithText = (r: StoredRecord) => ({ ...decode(r), text: `text of ${r.offset}` });
    const task = new Task(
      parts({
        openSource: scriptedLog(keyed, log).openSource,
        sink: collect(log),
        transformBatch,
        decode: decodeWithText,
      }),
    );
    await task.start();
    await settled(task);
    expect(calls).toEqual([['0', '1', '2']]);
    expect(log).toEqual(['out 0 (event 0)', 'out 1 (event 1)', 'out 2 (event 2)', 'commit 0@3']);
  });

  it('sends any other number of outputs with the chunk’s last event', async () => {
    const log: string[] = [];
    const transformBatch = async (events: CloudEvent[]) => [`all ${events.length}`];
    const task = new Task(
      parts({ openSource: scriptedLog(keyed, log).openSource, sink: collect(log), transformBatch }),
    );
    await task.start();
    await settled(task);
    expect(log).toEqual(['all 3 (event 2)', 'commit 0@3']);
  });

  it('after a failed call tries each event alone, so only the bad one is dead-lettered', async () => {
    const log: string[] = [];
    const deadLetters: CloudEvent[] = [];
    const transformBatch = async () => {
      throw new Error('handler failed: bad input');
    };
    const transform = async (event: CloudEvent) => {
      if (event.id === '1') throw new Error('handler failed: bad input');
      return [`alone ${event.id}`];
    };
    const base = parts({
      openSource: scriptedLog(keyed, log).openSource,
      sink: collect(log),
      transformBatch,
      transform,
    });
    const task = new Task({
      ...base,
      delivery: { ...base.delivery, deadLetter: async (dl) => void deadLetters.push(dl) },
    });
    await task.start();
    await settled(task);
    expect(log).toEqual(['alone 0 (event 0)', 'alone 2 (event 2)', 'commit 0@3']);
    expect(deadLetters.map((d) => [d.id, d.errormessage])).toEqual([['1', 'handler failed: bad input']]);
    expect(task.counters).toMatchObject({ eventsOut: 2, deadLettered: 1 });
  });

  it('fails every event of a call that timed out, without waiting for each again', async () => {
    const log: string[] = [];
    let alone = 0;
    const transformBatch = async () => {
      throw Object.assign(new Error('handler timed out after 3000 ms'), { code: 'transform.handler-timeout' });
    };
    const transform = async () => {
      alone++;
      return ['never'];
    };
    const task = new Task(
      parts({ openSource: scriptedLog(keyed, log).openSource, sink: collect(log), transformBatch, transform }),
    );
    await task.start();
    await settled(task);
    expect(alone).toBe(0);
    expect(log).toEqual(['commit 0@3']);
    expect(task.counters).toMatchObject({ eventsOut: 0, dropped: 3 });
  });
});
