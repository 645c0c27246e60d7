import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SinkMessage, SinkWriter } from '../../../../bus/task/contract.js';
import type { BatchResponse } from '../../../../functions/adapters/lambda/event-sources.js';
import { settingsCheck } from '../../../../functions/shared/settings/field-check.js';
import { createSinkHandler, type SinkHandler } from '../../../../functions/shared/task/sink-handler.js';
import { fileSink } from '../../../../functions/sinks/file/connector.js';
import { connect as connectFile } from '../../../../functions/sinks/file/send.js';

const fileSettings = settingsCheck(fileSink);

const b64 = (text: string) => Buffer.from(text).toString('base64');
const record = (partition: number, offset: number, value: string) => ({
  topic: 'orders',
  partition,
  offset,
  timestamp: 1795478400000 + offset,
  key: b64(`k${offset}`),
  value: b64(value),
  headers: [{ trace: [...Buffer.from(`t${offset}`)] }],
});
const lambdaEvent = (records: Record<string, unknown[]>) => ({ eventSource: 'SelfManagedKafka', records });
const cloudEvent = (id: string, status: string) => ({
  specversion: '1.0',
  id,
  source: 'acs:alikafka',
  type: 'alikafka:Topic:Message',
  data: { value: { id, status } },
});

/** A sink that records each write, and can be told to refuse them. */
function memorySink() {
  const writes: string[][] = [];
  const state = { refuse: false, connects: 0, closes: 0 };
  const connect = async (): Promise<SinkWriter> => {
    state.connects++;
    return {
      async write(messages: SinkMessage[]) {
        if (state.refuse) throw new Error('broker down');
        writes.push(messages.map((m) => m.payload));
      },
      async close() {
        state.closes++;
      },
    };
  };
  return { writes, state, connect };
}

const handlers: SinkHandler[] = [];
afterEach(async () => {
  for (const handler of handlers.splice(0)) await handler.close();
});

function make(
  env: Record<string, string>,
  connect: (config: { path: string }, context: { baseDir: string }) => Promise<SinkWriter> = memorySink().connect,
) {
  const handler = createSinkHandler({ type: 'file', settings: fileSettings, connect, env });
  handlers.push(handler);
  return handler;
}

const SINK = JSON.stringify({ path: 'out.jsonl' });

describe('createSinkHandler', () => {
  it('filters, transforms and writes a Lambda Kafka batch in one write, in delivery order', async () => {
    const sink = memorySink();
    const handler = make(
      {
        CONFLUX_SINK: SINK,
        CONFLUX_FILTER: JSON.stringify({ data: { value: { status: ['paid'] } } }),
        CONFLUX_TRANSFORM: JSON.stringify({ form: 'JSONPATH', value: '$.data.value.id' }),
      },
      sink.connect,
    );
    const result = await handler(
      lambdaEvent({
        'orders-0': [record(0, 5, '{"id":"A","status":"paid"}'), record(0, 6, '{"id":"B","status":"new"}')],
        'orders-1': [record(1, 9, '{"id":"C","status":"paid"}')],
      }),
    );
    expect(result).toEqual({ batchItemFailures: [], delivered: 2, filtered: 1 });
    expect(sink.writes).toEqual([['A', 'C']]);
    await handler(lambdaEvent({ 'orders-0': [record(0, 7, '{"id":"D","status":"paid"}')] }));
    expect(sink.state.connects).toBe(1); // once per warm container
  });

  it('fails a bad record and every later record of its partition, with {partition, offset} identifiers', async () => {
    const sink = memorySink();
    const handler = make(
      { CONFLUX_SINK: SINK, CONFLUX_TRANSFORM: '{"form":"JSONPATH","value":"$.data.value.id"}' },
      sink.connect,
    );
    const result = (await handler(
      lambdaEvent({
        'orders-0': [record(0, 1, '{"id":"A"}'), record(0, 2, '{"other":1}'), record(0, 3, '{"id":"C"}')],
        'orders-1': [record(1, 4, '{"id":"D"}')],
      }),
    )) as BatchResponse;
    expect(result.batchItemFailures).toEqual([
      { itemIdentifier: { partition: 'orders-0', offset: 2 } },
      { itemIdentifier: { partition: 'orders-0', offset: 3 } },
    ]);
    expect(sink.writes).toEqual([['A', 'D']]);
  });

  it('a refused write fails every record of the batch (retriable)', async () => {
    const sink = memorySink();
    sink.state.refuse = true;
    const handler = make({ CONFLUX_SINK: SINK }, sink.connect);
    const result = (await handler(
      lambdaEvent({ 'orders-3': [record(3, 10, '1'), record(3, 11, '2')] }),
    )) as BatchResponse;
    expect(result.batchItemFailures.map((f) => f.itemIdentifier.offset)).toEqual([10, 11]);
    await expect(handler.fc(Buffer.from(JSON.stringify([cloudEvent('e1', 'paid')])))).rejects.toThrow(
      /1 of 1 events failed.*broker down/,
    );
  });

  it('takes what EventBridge delivers to Function Compute: a JSON array of CloudEvents', async () => {
    const sink = memorySink();
    const handler = make(
      {
        CONFLUX_SINK: SINK,
        CONFLUX_TRANSFORM: '{"form":"TEMPLATE","value":{"s":"$.data.value.status"},"template":"s=${s}"}',
      },
      sink.connect,
    );
    const result = await handler.fc(Buffer.from(JSON.stringify([cloudEvent('e1', 'paid'), cloudEvent('e2', 'new')])));
    expect(result).toEqual({ delivered: 2, filtered: 0 });
    expect(sink.writes).toEqual([['s=paid', 's=new']]);
  });

  it('rejects sink settings with the path of the problem, and retries the connection next time', async () => {
    const bad = make({ CONFLUX_SINK: JSON.stringify({ path: '', colour: 1 }) });
    await expect(bad(lambdaEvent({}))).rejects.toThrow(
      /sink\.colour: unknown key[\s\S]*sink\.path: must be a non-empty string/,
    );
    await expect(make({ CONFLUX_SINK: '{"type":"stdout"}' }).fc(Buffer.from('[]'))).rejects.toMatchObject({
      path: 'sink.type',
    });
    await expect(make({}).fc(Buffer.from('[]'))).rejects.toThrow(/CONFLUX_SINK is not set/);
    await expect(
      make({ CONFLUX_SINK: SINK, CONFLUX_FILTER: '{"a":[{"prefix":1}]}' }).fc(Buffer.from('[]')),
    ).rejects.toMatchObject({
      code: 'pattern.invalid',
      path: '$.a[0].prefix',
    });
    const flaky = memorySink();
    let calls = 0;
    const handler = make({ CONFLUX_SINK: SINK }, async () => {
      if (++calls === 1) throw new Error('no route to host');
      return flaky.connect();
    });
    await expect(handler.fc(Buffer.from('[]'))).rejects.toThrow(/no route to host/);
    await expect(handler.fc(Buffer.from('[]'))).resolves.toEqual({ delivered: 0, filtered: 0 });
  });

  it('refuses an event source it does not know', async () => {
    await expect(make({ CONFLUX_SINK: SINK })({ eventSource: 'aws:sqs', Records: [] })).rejects.toThrow(
      /unsupported eventSource "aws:sqs"/,
    );
  });

  it('drives the real file sink: one line per payload, relative to CONFLUX_BASE_DIR', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conflux-sink-'));
    const handler = make({ CONFLUX_SINK: SINK, CONFLUX_BASE_DIR: dir }, connectFile);
    await handler(lambdaEvent({ 'orders-0': [record(0, 1, '{"id":"A"}')] }));
    const line = JSON.parse(readFileSync(join(dir, 'out.jsonl'), 'utf8').trim());
    expect(line).toMatchObject({
      id: 'orders-0-1',
      data: { key: 'k1', value: { id: 'A' }, headers: { headers: [{ key: 'trace', value: 't1' }] } },
    });
  });
});
