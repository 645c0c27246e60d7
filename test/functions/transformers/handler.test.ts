import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { functionForm } from '../../../functions/transformers/function/core.js';
import { createTransformerHandler } from '../../../functions/transformers/handler.js';
import { jsonpath } from '../../../functions/transformers/jsonpath/core.js';
import { handler as jsonpathHandler } from '../../../functions/transformers/jsonpath/handler.js';
import { compileForm } from '../../../functions/transformers/run.js';
import { template } from '../../../functions/transformers/template/core.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');

/** A Lambda MSK event: two partitions of `orders`, headers as byte arrays. */
function kafkaEvent(values: Record<string, (string | null)[]>, eventSource = 'aws:kafka') {
  const records: Record<string, unknown[]> = {};
  for (const [group, list] of Object.entries(values)) {
    const partition = Number(group.split('-').pop());
    records[group] = list.map((value, i) => ({
      topic: 'orders',
      partition,
      offset: 100 + i,
      timestamp: 1_795_478_400_000 + i,
      timestampType: 'CREATE_TIME',
      key: b64(`key-${partition}-${i}`),
      value: value === null ? null : b64(value),
      headers: [{ trace: [...Buffer.from('t-1')] }],
    }));
  }
  return { eventSource, eventSourceArn: 'arn:aws:kafka:…', bootstrapServers: 'b-1:9092', records };
}

function templateHandler() {
  return createTransformerHandler({
    form: 'TEMPLATE',
    compile: (spec, options) => compileForm(template, spec, options),
    env: {
      CONFLUX_TRANSFORM: JSON.stringify({
        value: { s: '$.data.value.status', k: '$.data.key', h: '$.data.headers' },
        template: '${k}:${s}',
      }),
    },
  });
}

describe('Lambda Kafka events', () => {
  it('decodes records to Alibaba CloudEvents and returns outputs with no failures', async () => {
    const result = await templateHandler()(
      kafkaEvent({ 'orders-0': ['{"status":"paid"}', '{"status":"new"}'], 'orders-1': ['{"status":"ü"}'] }),
    );
    expect(result).toEqual({ batchItemFailures: [], outputs: ['key-0-0:paid', 'key-0-1:new', 'key-1-0:ü'] });
  });

  it('reports only the failed records, by {partition: "topic-partition", offset: number}', async () => {
    const handler = createTransformerHandler({
      form: 'JSONPATH',
      compile: (spec, options) => jsonpathHandlerCompile(spec, options),
      env: { CONFLUX_TRANSFORM: '{"form":"JSONPATH","value":"$.data.value.status"}' },
    });
    const result = await handler(
      kafkaEvent(
        { 'orders-0': ['{"status":"paid"}', '{"other":1}', 'not json'], 'orders-3': ['{"status":"x"}'] },
        'SelfManagedKafka',
      ),
    );
    expect(result.batchItemFailures).toEqual([
      { itemIdentifier: { partition: 'orders-0', offset: 101 } },
      { itemIdentifier: { partition: 'orders-0', offset: 102 } },
    ]);
    expect(result.outputs).toEqual(['paid', 'x']);
  });

  it('fails a malformed record alone', async () => {
    const event = kafkaEvent({ 'orders-0': ['{"status":"a"}', '{"status":"b"}'] });
    (event.records['orders-0']![1] as { offset: unknown }).offset = 'NaN';
    const result = await templateHandler()(event);
    expect(result.outputs).toEqual(['key-0-0:a']);
    expect(result.batchItemFailures).toHaveLength(1);
  });

  it('passes headers through as the Kafka source does', async () => {
    const handler = createTransformerHandler({
      form: 'JSONPATH',
      compile: (spec, options) => jsonpathHandlerCompile(spec, options),
      env: { CONFLUX_TRANSFORM: '{"value":"$.data.headers"}' },
    });
    const { outputs } = await handler(kafkaEvent({ 'orders-2': ['1'] }));
    expect(JSON.parse(outputs[0]!)).toEqual({ headers: [{ key: 'trace', value: 't-1' }], isReadOnly: false });
  });

  it('rejects an unknown eventSource and a spec of another form', async () => {
    await expect(templateHandler()({ eventSource: 'aws:sqs', Records: [] })).rejects.toMatchObject({
      code: 'handler.unknown-source',
    });
    const wrong = createTransformerHandler({
      form: 'JSONPATH',
      compile: (spec, options) => jsonpathHandlerCompile(spec, options),
      env: { CONFLUX_TRANSFORM: '{"form":"CONSTANT","value":"x"}' },
    });
    await expect(wrong(kafkaEvent({ 'orders-0': ['1'] }))).rejects.toThrow(
      'this bundle runs form JSONPATH, not "CONSTANT"',
    );
  });
});

/** What the FUNCTION handler (fixtures/batch-calls.mjs) said about each output. */
interface Said {
  id: string;
  call: number;
  of: number;
}

describe('a FUNCTION transformer on Lambda', () => {
  const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
  const handler = createTransformerHandler({
    form: 'FUNCTION',
    compile: (spec, options) => compileForm(functionForm, spec, options),
    env: { CONFLUX_TRANSFORM: '{"handler":"batch-calls.mjs#handler"}', CONFLUX_BASE_DIR: fixtures },
  });
  const value = (id: string, more: object = {}) => JSON.stringify({ id, ...more });
  const said = (outputs: string[]) => outputs.map((output) => JSON.parse(output) as Said);
  /** `data.value` nested 101 levels: the event passes the limit of 100 (json-depth.ts). */
  const tooDeep = `${'['.repeat(101)}${']'.repeat(101)}`;

  it('calls the handler once with every record of the invocation, across partitions, outputs in record order', async () => {
    const result = await handler(
      kafkaEvent({ 'orders-0': [value('A'), value('B')], 'orders-1': [value('C')], 'orders-2': [value('D')] }),
    );
    expect(result.batchItemFailures).toEqual([]);
    const outputs = said(result.outputs);
    expect(outputs.map((s) => [s.id, s.of])).toEqual([
      ['A', 4],
      ['B', 4],
      ['C', 4],
      ['D', 4],
    ]);
    expect(new Set(outputs.map((s) => s.call)).size).toBe(1);
  });

  it('fails a record whose event nests too deep alone; the others go to the handler in one call', async () => {
    const result = await handler(
      kafkaEvent({ 'orders-0': [value('A'), tooDeep, value('C')], 'orders-1': [value('D')] }),
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: { partition: 'orders-0', offset: 101 } }]);
    const outputs = said(result.outputs);
    expect(outputs.map((s) => [s.id, s.of])).toEqual([
      ['A', 3],
      ['C', 3],
      ['D', 3],
    ]);
    expect(new Set(outputs.map((s) => s.call)).size).toBe(1);
  });

  it('when the call fails, tries each record alone: only the bad one fails, the later ones of its partition keep their outputs', async () => {
    const result = await handler(
      kafkaEvent({ 'orders-0': [value('A'), value('B', { bad: true }), value('C')], 'orders-1': [value('D')] }),
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: { partition: 'orders-0', offset: 101 } }]);
    expect(said(result.outputs).map((s) => [s.id, s.of])).toEqual([
      ['A', 1],
      ['C', 1],
      ['D', 1],
    ]);
  });
});

describe('FC 3.0 events', () => {
  const cloudEvent = (id: string, status: string) => ({
    specversion: '1.0',
    id,
    source: 'acs:alikafka',
    type: 'alikafka:Topic:Message',
    data: { key: `k${id}`, value: { status } },
  });

  it('takes a Buffer with a JSON array of CloudEvents and returns the outputs', async () => {
    const payload = Buffer.from(JSON.stringify([cloudEvent('1', 'paid'), cloudEvent('2', 'new')]));
    expect(await templateHandler().fc(payload, { requestId: 'r' })).toEqual(['k1:paid', 'k2:new']);
  });

  it('fails the invocation naming the failed events (FC has no partial batch response)', async () => {
    const payload = Buffer.from(JSON.stringify([cloudEvent('1', 'paid'), { not: 'an event' }]));
    await expect(templateHandler().fc(payload)).rejects.toMatchObject({
      code: 'handler.batch-failed',
      message: '1 of 2 events failed; first: event 1 (id ?): CloudEvent id must be a string',
    });
    await expect(templateHandler().fc(Buffer.from('nope'))).rejects.toThrow('FC event is not JSON');
  });

  it('hands a FUNCTION handler the whole batch in one call, as EventBridge delivered it', async () => {
    const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
    const handler = createTransformerHandler({
      form: 'FUNCTION',
      compile: (spec, options) => compileForm(functionForm, spec, options),
      env: { CONFLUX_TRANSFORM: '{"handler":"misbehaving.mjs#counts"}', CONFLUX_BASE_DIR: fixtures },
    });
    const payload = Buffer.from(JSON.stringify([cloudEvent('1', 'a'), cloudEvent('2', 'b'), cloudEvent('3', 'c')]));
    expect(await handler.fc(payload)).toEqual(['1']);
    // Lambda too: one call for the invocation's records (one output for two events goes with the last)
    const { outputs, batchItemFailures } = await handler(kafkaEvent({ 'orders-0': ['1', '2'] }));
    expect(outputs).toEqual(['2']);
    expect(batchItemFailures).toEqual([]);
  });

  it("fails an event nested deeper than the task's limit with event.too-deep, as the task does", async () => {
    const deep: Record<string, unknown> = {};
    let at = deep;
    for (let i = 0; i < 100; i++) at = at.a = {};
    const payload = Buffer.from(JSON.stringify([cloudEvent('1', 'paid'), { ...cloudEvent('2', 'x'), data: deep }]));
    const failure = await templateHandler()
      .fc(payload)
      .then(
        () => undefined,
        (error: unknown) => error as { code: string; cause: { code: string; message: string }[] },
      );
    expect(failure?.code).toBe('handler.batch-failed');
    expect(failure?.cause).toEqual([
      expect.objectContaining({ code: 'event.too-deep', message: expect.stringMatching(/^the event nests deeper/) }),
    ]);
  });

  it('is exported by every bundle entry', async () => {
    expect(typeof jsonpathHandler.fc).toBe('function');
  });
});

function jsonpathHandlerCompile(spec: Record<string, unknown>, options: { baseDir: string }) {
  return compileForm(jsonpath, spec, options);
}
