import { describe, expect, it } from 'vitest';
import { ConfluxError } from '../../../../bus/errors.js';
import type { CloudEvent, Json } from '../../../../bus/event.js';
import type { SinkMessage } from '../../../../bus/task/contract.js';
import { compileFilter } from '../../../../bus/task/filter.js';
import { deliver } from '../../../../functions/shared/task/sink-batch.js';
import { compileTransform } from '../../../../functions/transformers/compile.js';

const event = (id: string, data: Json = { id }): CloudEvent => ({
  specversion: '1.0',
  id,
  source: 's',
  type: 't',
  data,
});
const item = (partition: string, id: string, data?: Json) => ({
  identifier: { partition, id },
  event: event(id, data),
});

/** A sink that refuses, for good, any write holding the payload of event `bad`. */
function refusingSink(bad: string) {
  const writes: string[][] = [];
  return {
    writes,
    sink: {
      write: async (messages: SinkMessage[]) => {
        if (messages.some((m) => m.event.id === bad))
          throw new ConfluxError('sink.rejected', `refused ${bad}`, { retriable: false });
        writes.push(messages.map((m) => m.event.id));
      },
      close: async () => {},
    },
  };
}

describe('deliver (a deployed function) through the pipeline core', () => {
  it('after a permanent refusal writes each payload alone: only the bad record and the later ones of its partition fail', async () => {
    const { sink, writes } = refusingSink('B');
    const transform = compileTransform({ form: 'ORIGINAL' });
    const items = [item('p0', 'A'), item('p0', 'B'), item('p1', 'D'), item('p0', 'C')];
    const outcomes = await deliver(items, { transform, sink, decode: {} }, (id) => id.partition);
    expect(writes).toEqual([['A'], ['D'], ['C']]);
    expect(outcomes.map((o) => (o.ok ? o.value : (o.error as ConfluxError).code))).toEqual([
      1,
      'sink.write',
      1,
      'handler.skipped',
    ]);
  });

  it('refuses an event nested deeper than 100 levels, as a task does, and filters with the one filter', async () => {
    const { sink, writes } = refusingSink('none');
    const transform = compileTransform({ form: 'ORIGINAL' });
    const deep = JSON.parse(`${'{"a":'.repeat(150)}1${'}'.repeat(150)}`);
    const filter = compileFilter({ data: { keep: [true] } }, 'aws');
    const items = [item('p0', 'A', { keep: true }), item('p1', 'X', deep), item('p0', 'B', { keep: false })];
    const outcomes = await deliver(items, { filter, transform, sink, decode: {} }, (id) => id.partition);
    expect(writes).toEqual([['A']]);
    expect(outcomes.map((o) => (o.ok ? o.value : (o.error as ConfluxError).code))).toEqual([
      1,
      'event.too-deep',
      'filtered',
    ]);
  });
});
