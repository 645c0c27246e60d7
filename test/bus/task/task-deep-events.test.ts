import { describe, expect, it } from 'vitest';
import type { CloudEvent } from '../../../bus/event.js';
import type { SinkMessage } from '../../../bus/task/contract.js';
import { testCase } from '../../../bus/task/pattern-test.js';
import { Task } from '../../../bus/task/task.js';
import { parts, record, scriptedLog, settled } from './task-parts.js';

const deepText = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
const batches = [
  { topic: 't', partition: 0, records: [record(0, { ok: 1 }), record(1, deepText(5000)), record(2, { ok: 2 })] },
];

function deepTask(deadLetters?: CloudEvent[]) {
  const log: string[] = [];
  const dropped: [string, string][] = [];
  const sink = {
    write: async (m: SinkMessage[]) => void log.push(`write ${m.map((x) => x.payload).join(',')}`),
    close: async () => {},
  };
  const base = parts({ openSource: scriptedLog(batches, log).openSource, sink, filter: () => true });
  const task = new Task(
    deadLetters === undefined
      ? base
      : { ...base, delivery: { ...base.delivery, deadLetter: async (dl) => void deadLetters.push(dl) } },
    { dropped: (_task, id, reason) => dropped.push([id, reason]) },
  );
  return { task, log, dropped };
}

describe('an event nested deeper than 100 levels in a running task', () => {
  it('is refused before the filter, dropped with its reason heard (and logged), its neighbours delivered', async () => {
    const { task, log, dropped } = deepTask();
    await task.start();
    await settled(task);
    expect(log).toEqual(['write #0,#2', 'commit 0@3']);
    expect(task.counters).toMatchObject({ eventsOut: 2, dropped: 1 });
    expect(dropped).toEqual([
      ['t-0-1', expect.stringMatching(/^the event nests deeper than 100 levels at \$\.data\.a\.a/)],
    ]);
  });

  it('is dead-lettered as its bytes when the task has a dead-letter queue (writing it as JSON would overflow)', async () => {
    const deadLetters: CloudEvent[] = [];
    const { task, dropped } = deepTask(deadLetters);
    await task.start();
    await settled(task);
    expect(dropped).toEqual([]);
    expect(deadLetters).toHaveLength(1);
    expect(Buffer.from(deadLetters[0]!.data as string, 'base64').toString()).toBe(deepText(5000));
  });

  it('is what the pattern tester calls invalid, with the same reason', () => {
    const answer = testCase(
      JSON.stringify({ pattern: '{"source":["s"]}', event: `{"source":"s","data":${deepText(5000)}}` }),
    );
    expect(answer).toMatchObject({
      result: 'invalid',
      error: expect.stringMatching(/nests deeper than 100 levels at \$\.data\.a/),
    });
    const shallow = testCase(
      JSON.stringify({ pattern: '{"source":["s"]}', event: `{"source":"s","data":${deepText(99)}}` }),
    );
    expect(shallow.result).toBe('match');
  });
});
