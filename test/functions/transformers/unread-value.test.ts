import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CloudEvent } from '../../../bus/event.js';
import { parseWhenRead, unreadCompactJson } from '../../../bus/task/lazy-value.js';
import { decodeKafkaRecord } from '../../../functions/adapters/kafka-event.js';
import { compileTransform } from '../../../functions/transformers/compile.js';
import { kafkaRecord as record } from '../../helpers/kafka-record.js';

/** The event as the Kafka source decodes it (value unread), and the same event with every value parsed. */
function both(text: string): { lazy: CloudEvent; eager: CloudEvent } {
  const lazy = decodeKafkaRecord(record(text)).event;
  const eager = JSON.parse(JSON.stringify(decodeKafkaRecord(record(text)).event)) as CloudEvent;
  return { lazy, eager };
}

const isUnread = (event: CloudEvent) =>
  typeof Object.getOwnPropertyDescriptor(event.data as object, 'value')?.get === 'function';

const SPECS = [
  { form: 'JSONPATH', value: '$.data.value' },
  { form: 'JSONPATH', value: "$['data']['value']" },
  { form: 'TEMPLATE', value: { v: '$.data.value', k: '$.data.key' }, template: 'k=${k} v=${v}!' },
];

const valueText = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.jsonValue().map((v) => JSON.stringify(v, null, 1)),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('{"a":1,"a":2}', '{"b":1,"2":3}', '1.50', '-0', '"\\u0041"', '"plain"', 'null', 'not json', ''),
);

/** Outputs of a spec, or the error message when it fails. */
async function outputs(spec: unknown, event: CloudEvent): Promise<string[] | string> {
  const transform = compileTransform(spec);
  try {
    return await transform(event);
  } catch (error) {
    return (error as Error).message;
  }
}

describe('a Kafka event whose data.value is still unread text', () => {
  it('gives every JSONPATH and TEMPLATE output it gives once parsed, for any record value', async () => {
    await fc.assert(
      fc.asyncProperty(valueText, fc.constantFrom(...SPECS), async (text, spec) => {
        const { lazy, eager } = both(text);
        expect(await outputs(spec, lazy)).toEqual(await outputs(spec, eager));
      }),
      { numRuns: 1500 },
    );
  });

  it('hands on compact JSON text without parsing it', async () => {
    const text = '{"orderId":"ORD-1","amount":{"total":10.5},"tags":["a","ü"],"note":null}';
    for (const spec of SPECS) {
      const { lazy } = both(text);
      const [out] = await outputs(spec, lazy);
      expect(out).toContain(text);
      expect(isUnread(lazy)).toBe(true);
    }
  });

  it('parses a value in any other spelling, a JSON string (output raw) and a value set before reading', async () => {
    const spaced = both('{ "a": 1 }').lazy;
    expect(await outputs(SPECS[0], spaced)).toEqual(['{"a":1}']);
    expect(isUnread(spaced)).toBe(false);
    expect(await outputs(SPECS[0], both('"say \\"hi\\""').lazy)).toEqual(['say "hi"']);
    const replaced = both('{"a":1}').lazy;
    (replaced.data as Record<string, unknown>).value = { b: 2 };
    expect(await outputs(SPECS[0], replaced)).toEqual(['{"b":2}']);
  });

  it('leaves paths into the value, and a value read already, to the usual reader', async () => {
    const { lazy } = both('{"amount":{"total":10.5}}');
    expect(await outputs({ form: 'JSONPATH', value: '$.data.value.amount' }, lazy)).toEqual(['{"total":10.5}']);
    expect(isUnread(lazy)).toBe(false);
    expect(unreadCompactJson(lazy.data)).toBeUndefined();
  });
});

describe('unreadCompactJson', () => {
  it('is the text only while unread, compact and not a JSON string', () => {
    const holder = { value: null as unknown };
    parseWhenRead(holder, '[1,{"x":true}]');
    expect(unreadCompactJson(holder)).toBe('[1,{"x":true}]');
    expect(holder.value).toEqual([1, { x: true }]);
    expect(unreadCompactJson(holder)).toBeUndefined();
    for (const text of ['"s"', '[1, 2]', '1.0', 'words']) {
      const other = { value: null as unknown };
      parseWhenRead(other, text);
      expect(unreadCompactJson(other)).toBeUndefined();
    }
    expect(unreadCompactJson(null)).toBeUndefined();
    expect(unreadCompactJson('text')).toBeUndefined();
    expect(unreadCompactJson({ value: 1 })).toBeUndefined();
  });
});

describe('an unread value, seen from outside', () => {
  it('keeps the data keys and their order, and shows nothing but them to keys, JSON and spread', () => {
    const data = decodeKafkaRecord(record('{"a":[1,2]}')).event.data as Record<string, unknown>;
    const keys = ['topic', 'partition', 'offset', 'timestamp', 'headers', 'key', 'value'];
    expect(Object.keys(data)).toEqual(keys);
    expect(Object.getOwnPropertyDescriptor(data, 'value')?.get).toBeTypeOf('function'); // still unread
    expect(Object.keys(JSON.parse(JSON.stringify(data)))).toEqual(keys);
    const copy = { ...data };
    expect(Object.getOwnPropertySymbols(copy)).toEqual([]);
    expect(copy.value).toEqual({ a: [1, 2] });
    expect(Object.keys(data)).toEqual(keys); // read now: a plain property, in its place
    expect(unreadCompactJson(Object.create(decodeKafkaRecord(record('[1]')).event.data as object))).toBeUndefined(); // its own text only
  });
});
