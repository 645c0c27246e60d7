import { describe, expect, it } from 'vitest';
import { fcItems } from '../../../../functions/adapters/fc-events.js';
import { lambdaKafkaItems } from '../../../../functions/adapters/lambda/kafka.js';

const record = {
  topic: 'orders',
  partition: 2,
  offset: 15,
  timestamp: 1795478400077,
  timestampType: 'CREATE_TIME',
  key: Buffer.from('ORD-1').toString('base64'),
  value: Buffer.from('{"status":"paid","note":"ü \\"q\\""}').toString('base64'),
  headers: [{ traceId: [97, 98, 99] }, { 'content-type': [...Buffer.from('application/json')] }],
};

describe('lambdaKafkaItems', () => {
  it('decodes a record to the Alibaba CloudEvent, identified by {partition: topic-partition, offset}', () => {
    const [item] = lambdaKafkaItems({ records: { 'orders-2': [record] } }, { instance: 'i-1' });
    expect(item).toEqual({
      identifier: { partition: 'orders-2', offset: 15 },
      event: {
        specversion: '1.0',
        id: 'orders-2-15',
        source: 'acs:alikafka',
        type: 'alikafka:Topic:Message',
        subject: 'acs:alikafka:i-1:topic:orders',
        time: '2026-11-24T00:00:00.077Z',
        datacontenttype: 'application/json; charset=utf-8',
        data: {
          topic: 'orders',
          partition: 2,
          offset: 15,
          timestamp: 1795478400077,
          headers: {
            headers: [
              { key: 'traceId', value: 'abc' },
              { key: 'content-type', value: 'application/json' },
            ],
            isReadOnly: false,
          },
          key: 'ORD-1',
          value: { status: 'paid', note: 'ü "q"' },
        },
      },
    });
  });

  it('keeps delivery order across partitions and treats absent key/value as null', () => {
    const items = lambdaKafkaItems({
      records: {
        'orders-0': [{ ...record, partition: 0, offset: 1, key: undefined, value: null, headers: undefined }],
        'orders-2': [record],
      },
    });
    expect(items.map((i) => i.identifier)).toEqual([
      { partition: 'orders-0', offset: 1 },
      { partition: 'orders-2', offset: 15 },
    ]);
    expect('event' in items[0]! && items[0].event.data).toMatchObject({ key: null, value: null });
  });

  it.each([
    [{ ...record, topic: 3 }, ['records', 'orders-2', 0, 'topic'], 'topic must be a string'],
    [{ ...record, offset: '15' }, ['records', 'orders-2', 0, 'offset'], 'offset must be a number'],
    [{ ...record, value: 42 }, ['records', 'orders-2', 0, 'value'], 'value must be base64 text or null'],
    [{ ...record, headers: {} }, ['records', 'orders-2', 0, 'headers'], 'headers must be a list of {name: [bytes]}'],
    ['nope', ['records', 'orders-2', 0], 'a Kafka record must be an object'],
  ])('fails a malformed record alone with its path in the event (%#)', (bad, path, message) => {
    const items = lambdaKafkaItems({ records: { 'orders-2': [bad, record] } });
    expect(items[0]).toMatchObject({ issue: { path, message } });
    expect('event' in items[1]!).toBe(true);
  });

  it('fails a record whose value is not JSON under valueFormat json', () => {
    const bad = { ...record, value: Buffer.from('not json').toString('base64') };
    const [item] = lambdaKafkaItems({ records: { 'orders-2': [bad] } }, { valueFormat: 'json' });
    expect(item).toMatchObject({ issue: { path: ['records', 'orders-2', 0, 'value'] } });
  });
});

describe('fcItems', () => {
  it('takes an array of CloudEvents or a single one', () => {
    const event = { specversion: '1.0', id: 'a', source: 's', type: 't' };
    expect(fcItems(Buffer.from(JSON.stringify([event, { ...event, id: 'b' }]))).map((i) => i.identifier)).toEqual([
      { index: 0, id: 'a' },
      { index: 1, id: 'b' },
    ]);
    expect(fcItems(JSON.stringify(event))).toEqual([{ identifier: { index: 0, id: 'a' }, event }]);
  });

  it('fails elements that are not CloudEvents, with their index', () => {
    const items = fcItems(Buffer.from('[1, {"id":"x","source":"s"}]'));
    expect(items).toEqual([
      {
        identifier: { index: 0, id: undefined },
        issue: { path: [0], message: 'each element must be a CloudEvent object' },
      },
      { identifier: { index: 1, id: 'x' }, issue: { path: [1, 'type'], message: 'CloudEvent type must be a string' } },
    ]);
  });
});
