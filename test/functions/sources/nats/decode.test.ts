import { describe, expect, it } from 'vitest';
import type { StoredRecord } from '../../../../bus/log/types.js';
import { headerName, META_HEADER } from '../../../../functions/adapters/source/record.js';
import { decode, type NatsMeta } from '../../../../functions/sources/nats/decode.js';

function record(value: string, meta: NatsMeta, headers: Record<string, string> = {}): StoredRecord {
  return {
    topic: 'orders.>',
    partition: 0,
    offset: 0,
    timestamp: Date.parse('2025-01-02T03:04:05.006Z'),
    key: Buffer.from(meta.props.subject),
    value: Buffer.from(value),
    headers: { [META_HEADER]: JSON.stringify(meta), ...headers },
  };
}

const jetstream: NatsMeta = {
  id: 'ORDERS-42',
  props: { subject: 'orders.paid', stream: 'ORDERS', sequence: 42, deliveryCount: 1, redelivered: false },
};

describe('nats decode', () => {
  it('emits the conflux:nats shape with the stream-sequence id and the headers in props', () => {
    const { event } = decode(record('{"id":1}', jetstream, { 'Nats-Msg-Id': 'x1' }), { withText: false });
    expect(event).toEqual({
      specversion: '1.0',
      id: 'ORDERS-42',
      source: 'conflux:nats',
      type: 'nats:Subject:Message',
      subject: 'orders.paid',
      time: '2025-01-02T03:04:05.006Z',
      datacontenttype: 'application/json;charset=utf-8',
      data: { props: { ...jetstream.props, headers: { 'Nats-Msg-Id': 'x1' } }, body: { id: 1 } },
    });
  });

  it('a core NATS message: text body, a header named like the meta header survives', () => {
    const core: NatsMeta = { id: 'u-1', props: { subject: 'orders.new' } };
    const { event, text } = decode(record('hello', core, { [headerName(':meta')]: 'v' }), { withText: true });
    expect(event.data).toEqual({ props: { subject: 'orders.new', headers: { ':meta': 'v' } }, body: 'hello' });
    expect(text).toBe(JSON.stringify(event));
  });

  it('rejects a record that did not come from the NATS source', () => {
    expect(() => decode({ ...record('x', jetstream), headers: {} }, { withText: false })).toThrow(/not a NATS message/);
  });
});
