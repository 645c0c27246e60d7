import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { SinkMessage, SinkWriter } from '../../../../bus/task/contract.js';
import { settingsCheck } from '../../../../functions/shared/settings/field-check.js';
import { createSinkHandler, type SinkHandler } from '../../../../functions/shared/task/sink-handler.js';
import { fileSink } from '../../../../functions/sinks/file/connector.js';

/** The counting FUNCTION handler the transformer bundles' tests use too. */
const FIXTURES = fileURLToPath(new URL('../../transformers/fixtures/', import.meta.url));
const b64 = (text: string) => Buffer.from(text).toString('base64');
const record = (partition: number, offset: number, value: object) => ({
  topic: 'orders',
  partition,
  offset,
  timestamp: 1795478400000 + offset,
  key: b64(`k${offset}`),
  value: b64(JSON.stringify(value)),
  headers: [],
});
const lambdaEvent = (records: Record<string, unknown[]>) => ({ eventSource: 'SelfManagedKafka', records });

/** What the FUNCTION handler (test/functions/transformers/fixtures/batch-calls.mjs) said about each output. */
interface Said {
  id: string;
  call: number;
  of: number;
}

const handlers: SinkHandler[] = [];
afterEach(async () => {
  for (const handler of handlers.splice(0)) await handler.close();
});

/** A deployed file-sink task whose transform is the counting FUNCTION handler; the sink keeps each write. */
function make(filter?: object) {
  const writes: Said[][] = [];
  const connect = async (): Promise<SinkWriter> => ({
    async write(messages: SinkMessage[]) {
      writes.push(messages.map((m) => JSON.parse(m.payload) as Said));
    },
    async close() {},
  });
  const env = {
    CONFLUX_SINK: JSON.stringify({ path: 'out.jsonl' }),
    CONFLUX_TRANSFORM: JSON.stringify({ form: 'FUNCTION', handler: 'batch-calls.mjs#handler' }),
    CONFLUX_BASE_DIR: FIXTURES,
    ...(filter === undefined ? {} : { CONFLUX_FILTER: JSON.stringify(filter) }),
  };
  const handler = createSinkHandler({ type: 'file', settings: settingsCheck(fileSink), connect, env });
  handlers.push(handler);
  return { handler, writes };
}

describe('a deployed FUNCTION transform', () => {
  it('is called once per invocation with every event that passed the filter, across partitions', async () => {
    const { handler, writes } = make({ data: { value: { status: ['paid'] } } });
    const result = await handler(
      lambdaEvent({
        'orders-0': [record(0, 1, { id: 'A', status: 'paid' }), record(0, 2, { id: 'B', status: 'new' })],
        'orders-1': [record(1, 7, { id: 'C', status: 'paid' }), record(1, 8, { id: 'D', status: 'paid' })],
        'orders-2': [record(2, 3, { id: 'E', status: 'paid' })],
      }),
    );
    expect(result).toEqual({ batchItemFailures: [], delivered: 4, filtered: 1 });
    expect(writes).toHaveLength(1);
    const [said] = writes as [Said[]];
    expect(said.map((s) => s.id)).toEqual(['A', 'C', 'D', 'E']);
    expect(said.map((s) => s.of)).toEqual([4, 4, 4, 4]);
    const call = said[0]!.call;
    expect(said.every((s) => s.call === call)).toBe(true);
    // the next invocation is the handler's next call: one call each
    await handler(lambdaEvent({ 'orders-0': [record(0, 3, { id: 'F', status: 'paid' })] }));
    expect(writes[1]).toEqual([{ id: 'F', call: call + 1, of: 1 }]);
  });

  it('when the batch call fails, tries each event alone: the bad one and the later ones of its partition fail', async () => {
    const { handler, writes } = make();
    const result = await handler(
      lambdaEvent({
        'orders-0': [record(0, 1, { id: 'A' }), record(0, 2, { id: 'B', bad: true }), record(0, 3, { id: 'C' })],
        'orders-1': [record(1, 4, { id: 'D' })],
      }),
    );
    expect(result).toEqual({
      batchItemFailures: [
        { itemIdentifier: { partition: 'orders-0', offset: 2 } },
        { itemIdentifier: { partition: 'orders-0', offset: 3 } },
      ],
      delivered: 2,
      filtered: 0,
    });
    expect(writes.map((write) => write.map((s) => [s.id, s.of]))).toEqual([
      [
        ['A', 1],
        ['D', 1],
      ],
    ]);
  });
});
