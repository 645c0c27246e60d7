import { describe, expect, it } from 'vitest';
import {
  changeRecord,
  columnJson,
  decodeChange,
  type RowChange,
} from '../../../../functions/adapters/source/cdc-change.js';

describe('columnJson', () => {
  it.each([
    ['a date as ISO text', new Date('2026-01-02T03:04:05.678Z'), '2026-01-02T03:04:05.678Z'],
    ['an invalid date as null', new Date(Number.NaN), null],
    ['bytes as base64', Buffer.from('hi'), 'aGk='],
    ['a bigint as text', 12345678901234567890n, '12345678901234567890'],
    ['an infinite number as text', Number.POSITIVE_INFINITY, 'Infinity'],
    ['undefined as null', undefined, null],
    ['nested values', { at: new Date(0), list: [1n, 'x'] }, { at: '1970-01-01T00:00:00.000Z', list: ['1', 'x'] }],
  ])('turns %s into JSON', (_what, value, expected) => {
    expect(columnJson(value)).toEqual(expected);
  });
});

describe('a change as a record and back', () => {
  const change: RowChange = {
    op: 'u',
    table: 'public.orders',
    key: { id: 7 },
    before: null,
    after: { id: 7, status: 'paid' },
    position: '0/16B3748',
    commitTime: '2026-12-06T10:00:00.000Z',
    txId: '750',
  };
  const names = { source: 'conflux:postgres-cdc', type: 'postgres-cdc:ConsumeMessage' };

  it('keys the record by table and primary key and decodes to the CloudEvent', () => {
    const stored = { ...changeRecord(change, '0/16B3748-0', 1), topic: 't', partition: 0, offset: 0 };
    expect(stored.key.toString()).toBe('public.orders\u0000{"id":7}');
    const { event, text } = decodeChange(stored, names, { withText: true });
    expect(event).toEqual({
      specversion: '1.0',
      id: '0/16B3748-0',
      source: 'conflux:postgres-cdc',
      type: 'postgres-cdc:ConsumeMessage',
      subject: 'public.orders',
      time: '2026-12-06T10:00:00.000Z',
      datacontenttype: 'application/json;charset=utf-8',
      data: change,
    });
    expect(JSON.parse(text!)).toEqual(event);
  });

  it('names a record no CDC source wrote', () => {
    const stored = {
      topic: 't',
      partition: 0,
      offset: 3,
      timestamp: 0,
      key: null,
      value: Buffer.from('{}'),
      headers: {},
    };
    expect(() => decodeChange(stored, names, { withText: false })).toThrow(
      'record t@3 is not a row change (no :meta header)',
    );
  });
});
