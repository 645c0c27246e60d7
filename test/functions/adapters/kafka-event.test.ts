import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Json } from '../../../bus/event.js';
import { decodeKafkaRecord, type KafkaRecord, type ValueFormat } from '../../../functions/adapters/kafka-event.js';
import { kafkaRecord as record } from '../../helpers/kafka-record.js';

/** The Alibaba shape built the obvious way: every value parsed at once, nothing lazy. */
function expectedEvent(record: KafkaRecord, format?: ValueFormat) {
  const text = record.value?.toString('utf8') ?? null;
  let value: Json = null;
  if (record.value !== null && text !== null) {
    if (format === 'binary') value = record.value.toString('base64');
    else if (format === 'text') value = text;
    else {
      try {
        value = JSON.parse(text) as Json;
      } catch {
        value = text;
      }
    }
  }
  return {
    specversion: '1.0',
    id: `${record.topic}-${record.partition}-${record.offset}`,
    source: 'acs:alikafka',
    type: 'alikafka:Topic:Message',
    subject: `acs:alikafka:conflux:topic:${record.topic}`,
    time: new Date(record.timestamp).toISOString(),
    datacontenttype: 'application/json; charset=utf-8',
    data: {
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      timestamp: record.timestamp,
      headers: { headers: Object.entries(record.headers).map(([key, v]) => ({ key, value: v })), isReadOnly: false },
      key: record.key === null ? null : record.key.toString('utf8'),
      value,
    },
  };
}

const valueText = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.jsonValue().map((v) => JSON.stringify(v, null, 1)),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('{"a":1,"a":2}', '{"b":1,"2":3}', '1.50', '"\\u0041"', 'not json', ''),
);

const records = fc.record({
  topic: fc.string({ minLength: 1, maxLength: 12 }),
  partition: fc.nat(64),
  offset: fc.nat(),
  timestamp: fc.integer({ min: 0, max: 4_102_444_800_000 }),
  key: fc.option(
    fc.string({ unit: 'binary' }).map((s) => Buffer.from(s)),
    { nil: null },
  ),
  value: fc.option(
    valueText.map((s) => Buffer.from(s)),
    { nil: null },
  ),
  headers: fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 })),
});

describe('decodeKafkaRecord', () => {
  it('gives the Alibaba event, and with withText exactly its JSON.stringify, for any record and format', () => {
    fc.assert(
      fc.property(
        records,
        fc.constantFrom<ValueFormat | undefined>(undefined, 'json', 'text', 'binary'),
        fc.boolean(),
        (r, format, withText) => {
          const expected = expectedEvent(r, format);
          let decoded: ReturnType<typeof decodeKafkaRecord>;
          try {
            decoded = decodeKafkaRecord(r, { withText, ...(format ? { valueFormat: format } : {}) });
          } catch (error) {
            // only valueFormat json refuses a value that is not JSON
            expect(format).toBe('json');
            expect(expected.data.value).toBe(r.value?.toString('utf8'));
            expect(String(error)).toMatch(/record value is not JSON \(valueFormat: json\)/);
            return;
          }
          expect(decoded.text).toBe(withText ? JSON.stringify(expected) : undefined);
          expect(JSON.stringify(decoded.event)).toBe(JSON.stringify(expected));
          expect(decoded.event).toEqual(expected);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('leaves a compact JSON value unparsed until it is read, and parses it once', () => {
    const { event } = decodeKafkaRecord(record('{"status":"paid","n":[1,2]}'));
    const data = event.data as Record<string, unknown>;
    expect(Object.getOwnPropertyDescriptor(data, 'value')?.get).toBeTypeOf('function');
    const value = data.value;
    expect(value).toEqual({ status: 'paid', n: [1, 2] });
    expect(Object.getOwnPropertyDescriptor(data, 'value')?.get).toBeUndefined();
    expect(data.value).toBe(value);
    expect(Object.keys(data)).toEqual(['topic', 'partition', 'offset', 'timestamp', 'headers', 'key', 'value']);
  });

  it('with withText, hands a compact value on as its text and still leaves it unread', () => {
    const decoded = decodeKafkaRecord(record('{"status":"paid"}'), { withText: true });
    expect(decoded.text).toContain('"value":{"status":"paid"}}');
    expect(Object.getOwnPropertyDescriptor(decoded.event.data as object, 'value')?.get).toBeTypeOf('function');
    expect(decoded.unread).toMatchObject({ holder: decoded.event.data, key: 'value', text: '{"status":"paid"}' });
  });

  it('takes a value set before it was read', () => {
    const { event } = decodeKafkaRecord(record('{"a":1}'));
    const data = event.data as Record<string, unknown>;
    data.value = 'replaced';
    expect(data.value).toBe('replaced');
    expect(JSON.stringify(event)).toContain('"value":"replaced"}');
  });

  it('leaves a value that is not JSON as its text, found when read', () => {
    const { event } = decodeKafkaRecord(record('plain words'));
    expect((event.data as Record<string, unknown>).value).toBe('plain words');
  });

  it('with withText, parses a value in any other spelling at once; under valueFormat json, always at once and refuses non-JSON', () => {
    const { event } = decodeKafkaRecord(record('{ "a": 1 }'), { withText: true });
    expect(Object.getOwnPropertyDescriptor(event.data as object, 'value')).toMatchObject({ value: { a: 1 } });
    const json = decodeKafkaRecord(record('{"a":1}'), { valueFormat: 'json' }).event.data;
    expect(Object.getOwnPropertyDescriptor(json as object, 'value')).toMatchObject({ value: { a: 1 } });
    expect(() => decodeKafkaRecord(record('{oops'), { valueFormat: 'json' })).toThrow(
      /record value is not JSON \(valueFormat: json\)/,
    );
  });

  it('with rawValueText (the alibaba dialect), puts the record JSON text in as written; aws re-serialises it', () => {
    const value = '{ "n": 3.0e2 }';
    expect(decodeKafkaRecord(record(value), { withText: true, rawValueText: true }).text).toMatch(
      /"value":\{ "n": 3\.0e2 \}\}\}$/,
    );
    expect(decodeKafkaRecord(record(value), { withText: true }).text).toMatch(/"value":\{"n":300\}\}\}$/);
    expect(decodeKafkaRecord(record('plain'), { withText: true, rawValueText: true }).text).toMatch(
      /"value":"plain"\}\}$/,
    );
  });

  it('puts the text together only when asked', () => {
    expect(decodeKafkaRecord(record('{"a":1}')).text).toBeUndefined();
    expect(decodeKafkaRecord(record('{"a":1}'), { withText: true }).text).toMatch(/"value":\{"a":1\}\}\}$/);
  });
});
