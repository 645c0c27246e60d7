import { describe, expect, it } from 'vitest';
import { ConfluxError } from '../../../bus/errors.js';
import type { CloudEvent } from '../../../bus/event.js';
import { type DecodedItem, type PipelineParts, prepareDecoded } from '../../../bus/task/prepare-events.js';

const event = (id: string, data: unknown = {}): CloudEvent => ({
  specversion: '1.0',
  id,
  source: 's',
  type: 't',
  data: data as CloudEvent['data'],
});
const deep = JSON.parse(`${'{"a":'.repeat(150)}1${'}'.repeat(150)}`);

/** Parts whose batch call is recorded, answered by `batch`; one event alone gives `<id>!` or fails for `bad`. */
function parts(batch: (events: CloudEvent[]) => string[]) {
  const calls: string[][] = [];
  const alone: string[] = [];
  const pipeline: PipelineParts = {
    filter: (e) => e.id !== 'skip',
    transform: (e) => {
      alone.push(e.id);
      if (e.id === 'bad') throw new ConfluxError('transform.failed', 'bad alone');
      return [`${e.id}!`];
    },
    transformBatch: async (events) => {
      calls.push(events.map((e) => e.id));
      return batch(events);
    },
  };
  return { pipeline, calls, alone };
}

describe('prepareDecoded: the pipeline core on decoded events, outcomes per event', () => {
  it('says of each event whether it was filtered, failed or gave payloads; one batch call for the rest', async () => {
    const { pipeline, calls, alone } = parts((events) => events.map((e) => `${e.id}*`));
    const items: DecodedItem[] = [
      { event: event('A') },
      { failure: new ConfluxError('handler.bad-record', 'not JSON') },
      { event: event('skip') },
      { event: event('deep', deep) },
      { event: event('B') },
    ];
    const { outcomes, messages } = await prepareDecoded(pipeline, items);
    expect(calls).toEqual([['A', 'B']]);
    expect(alone).toEqual([]);
    expect(outcomes.map((o) => (o.status === 'failed' ? (o.error as ConfluxError).code : o))).toEqual([
      { status: 'passed', payloads: 1 },
      'handler.bad-record',
      { status: 'filtered' },
      'event.too-deep',
      { status: 'passed', payloads: 1 },
    ]);
    expect(messages.map((m) => [m.payload, m.offset, m.event.id])).toEqual([
      ['A*', 0, 'A'],
      ['B*', 4, 'B'],
    ]);
  });

  it('puts any other number of outputs with the last event', async () => {
    const { pipeline } = parts(() => ['x', 'y', 'z']);
    const { outcomes, messages } = await prepareDecoded(pipeline, [{ event: event('A') }, { event: event('B') }]);
    expect(outcomes).toEqual([
      { status: 'passed', payloads: 0 },
      { status: 'passed', payloads: 3 },
    ]);
    expect(messages.map((m) => m.offset)).toEqual([1, 1, 1]);
  });

  it('tries each event alone when the batch call fails, and fails them all when it timed out', async () => {
    const failing = parts(() => {
      throw new Error('the batch failed');
    });
    const items = [{ event: event('A') }, { event: event('bad') }, { event: event('C') }];
    const once = await prepareDecoded(failing.pipeline, items);
    expect(failing.alone).toEqual(['A', 'bad', 'C']);
    expect(once.outcomes.map((o) => o.status)).toEqual(['passed', 'failed', 'passed']);
    expect(once.messages.map((m) => m.payload)).toEqual(['A!', 'C!']);

    const timedOut = parts(() => {
      throw new ConfluxError('transform.handler-timeout', 'the handler took too long');
    });
    const all = await prepareDecoded(timedOut.pipeline, items);
    expect(timedOut.alone).toEqual([]);
    expect(all.outcomes.map((o) => (o.status === 'failed' ? (o.error as ConfluxError).code : o.status))).toEqual([
      'transform.handler-timeout',
      'transform.handler-timeout',
      'transform.handler-timeout',
    ]);
    expect(all.messages).toEqual([]);
  });

  it('waits for a transform that answers later, and keeps the order', async () => {
    const pipeline: PipelineParts = {
      transform: (e) => (e.id === 'later' ? Promise.resolve([`${e.id}~`]) : [`${e.id}.`]),
    };
    const items = ['A', 'later', 'B'].map((id) => ({ event: event(id) }));
    const { messages } = await prepareDecoded(pipeline, items);
    expect(messages.map((m) => m.payload)).toEqual(['A.', 'later~', 'B.']);
  });
});
