import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StoredRecord } from '../../../../bus/log/types.js';
import { lambdaSourceOf, lambdaSources } from '../../../../functions/adapters/lambda/event-sources.js';
import type { SourceItem } from '../../../../functions/adapters/lambda/kafka.js';
import { lambdaRmqItems, type RmqItemIdentifier, timestampSeconds } from '../../../../functions/adapters/lambda/rmq.js';
import { META_HEADER } from '../../../../functions/adapters/source/record.js';
import { type AmqpMeta, decode } from '../../../../functions/sources/rabbitmq/decode.js';

const fixture = () =>
  JSON.parse(readFileSync(new URL('../../shared/fixtures/lambda-rmq-event.json', import.meta.url), 'utf8')) as {
    rmqMessagesByQueue: Record<string, Record<string, unknown>[]>;
  };
/** The fixture message's AMQP properties, as amqplib gives them (headers aside). */
const PROPS = {
  contentType: 'text/plain',
  deliveryMode: 1,
  priority: 34,
  expiration: '60000',
  timestamp: 2021,
  userId: 'AIDACKCEVSQ6C2EXAMPLE',
};
const eventOf = (item: SourceItem<RmqItemIdentifier> | undefined) => {
  if (item === undefined || !('event' in item)) throw new Error(`no event: ${JSON.stringify(item)}`);
  return item.event;
};
const issueOf = (item: SourceItem<RmqItemIdentifier> | undefined) => {
  if (item === undefined || !('issue' in item)) throw new Error(`no issue: ${JSON.stringify(item)}`);
  return item.issue;
};

describe("Lambda's Amazon MQ for RabbitMQ event (aws:rmq)", () => {
  it("decodes the AWS docs example to the RabbitMQ source's event", () => {
    const [item] = lambdaRmqItems(fixture());
    expect(item?.identifier).toEqual({ queue: 'test::/', index: 0 });
    const event = eventOf(item);
    expect(event).toEqual({
      specversion: '1.0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      source: 'acs:amqp',
      type: 'amqp:Queue:SendMessage',
      subject: 'acs:amqp:conflux:/vhosts/%2F/queues/test',
      time: '1970-01-01T00:33:41.000Z',
      datacontenttype: 'application/json;charset=utf-8',
      data: {
        envelope: { redeliver: false },
        body: { timeout: 0, data: 'CZrmf0Gw8Ov4bqLQxD4E' },
        props: { ...PROPS, headers: { header1: 'value1', header2: 'value2', numberInHeader: '10' } },
      },
    });
  });

  it("builds exactly the emulator's event for the same message (same JSON text), but the envelope fields Lambda does not pass", () => {
    const deployed = eventOf(lambdaRmqItems(fixture())[0]);
    // What the emulator's source keeps of this delivery (receive.ts): amqplib's properties, headers as text.
    const meta: AmqpMeta = {
      id: deployed.id,
      vhost: '/',
      queue: 'test',
      envelope: { deliveryTag: 1, exchange: '', redeliver: false, routingKey: 'test' },
      props: PROPS,
    };
    const record: StoredRecord = {
      topic: 'test',
      partition: 0,
      offset: 0,
      timestamp: 2021_000,
      key: Buffer.from('test'),
      value: Buffer.from('{"timeout":0,"data":"CZrmf0Gw8Ov4bqLQxD4E"}'),
      headers: { [META_HEADER]: JSON.stringify(meta), header1: 'value1', header2: 'value2', numberInHeader: '10' },
    };
    const emulated = decode(record, { withText: false }).event;
    const { deliveryTag, exchange, routingKey, ...carried } = meta.envelope;
    expect([deliveryTag, exchange, routingKey]).toEqual([1, '', 'test']);
    const expected = { ...emulated, data: { ...(emulated.data as object), envelope: carried } };
    expect(JSON.stringify(deployed)).toBe(JSON.stringify(expected));
  });

  it('reads every queue of the invocation in order, with redelivered and a timestamp from a newer JDK', () => {
    const event = fixture();
    const [message] = event.rmqMessagesByQueue['test::/']!;
    const second = {
      ...message,
      redelivered: true,
      data: Buffer.from('plain').toString('base64'),
      basicProperties: { ...(message!.basicProperties as object), timestamp: 'Nov 30, 2026, 1:02:03\u202fPM' },
    };
    event.rmqMessagesByQueue = { 'test::/': [message!, second], 'orders::eb-connect': [message!] };
    const items = lambdaRmqItems(event);
    expect(items.map((i) => i.identifier)).toEqual([
      { queue: 'test::/', index: 0 },
      { queue: 'test::/', index: 1 },
      { queue: 'orders::eb-connect', index: 0 },
    ]);
    const later = eventOf(items[1]);
    expect(later.data).toMatchObject({ envelope: { redeliver: true }, body: 'plain' });
    expect(later.time).toBe('2026-11-30T13:02:03.000Z');
    expect(eventOf(items[2]).subject).toBe('acs:amqp:conflux:/vhosts/eb-connect/queues/orders');
    expect(new Set(items.map((i) => eventOf(i).id)).size).toBe(3);
  });

  it('reads 12 AM as midnight and 12 PM as noon', () => {
    expect(timestampSeconds('Jan 1, 1970, 12:00:00 AM', [])).toBe(0);
    expect(timestampSeconds('Jan 1, 1970, 12:00:00 PM', [])).toBe(12 * 3600);
    expect(timestampSeconds(1700000000, [])).toBe(1700000000);
  });

  it('a malformed message fails alone, its issue naming its path', () => {
    const event = fixture();
    const [message] = event.rmqMessagesByQueue['test::/']!;
    event.rmqMessagesByQueue['test::/'] = [
      { ...message, data: 'not base64!' },
      { ...message, basicProperties: { ...(message!.basicProperties as object), timestamp: 'yesterday' } },
      { ...message, redelivered: 'no' },
      message!,
    ];
    const items = lambdaRmqItems(event);
    expect(issueOf(items[0])).toEqual({
      path: ['rmqMessagesByQueue', 'test::/', 0, 'data'],
      message: 'data must be base64 text',
    });
    expect(issueOf(items[1]).path).toEqual(['rmqMessagesByQueue', 'test::/', 1, 'basicProperties', 'timestamp']);
    expect(issueOf(items[1]).message).toContain('"yesterday"');
    expect(issueOf(items[2]).path).toEqual(['rmqMessagesByQueue', 'test::/', 2, 'redelivered']);
    expect(eventOf(items[3]).type).toBe('amqp:Queue:SendMessage');
  });

  it('a malformed invocation is an error naming its path', () => {
    expect(() => lambdaRmqItems({ eventSource: 'aws:rmq' })).toThrow(/\$\.rmqMessagesByQueue must be an object/);
    expect(() => lambdaRmqItems({ rmqMessagesByQueue: { orders: [] } })).toThrow(
      /\$\.rmqMessagesByQueue\.orders the key must be "<queue>::<vhost>"/,
    );
    expect(() => lambdaRmqItems({ rmqMessagesByQueue: { 'q::/': {} } })).toThrow(/\['q::\/'\] must be a list/);
  });

  it('has no partial batch response: a failed message fails the invocation, naming every failed one', () => {
    const source = lambdaSourceOf(fixture(), lambdaSources);
    expect(source.serves).toBe('rabbitmq');
    expect(
      source.respond([{ identifier: { queue: 'test::/', index: 0 }, ok: true, value: 1 }], { delivered: 1 }),
    ).toEqual({
      delivered: 1,
    });
    const outcomes = [
      { identifier: { queue: 'test::/', index: 0 }, ok: true as const, value: 1 },
      { identifier: { queue: 'test::/', index: 1 }, ok: false as const, error: new Error('bad json') },
      { identifier: { queue: 'orders::/', index: 0 }, ok: false as const, error: new Error('sink down') },
    ];
    expect(() => source.respond(outcomes)).toThrow(
      "2 of 3 messages failed; the whole batch is retried:\n$.rmqMessagesByQueue['test::/'][1]: bad json\n$.rmqMessagesByQueue['orders::/'][0]: sink down",
    );
  });
});
