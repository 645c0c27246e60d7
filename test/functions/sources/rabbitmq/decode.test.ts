import { describe, expect, it } from 'vitest';
import type { StoredRecord } from '../../../../bus/log/types.js';
import { headerName, META_HEADER } from '../../../../functions/adapters/source/record.js';
import { type AmqpMeta, decode } from '../../../../functions/sources/rabbitmq/decode.js';

const meta: AmqpMeta = {
  id: 'id-1',
  vhost: 'eb-connect',
  queue: 'housekeeping',
  envelope: { deliveryTag: 98, exchange: '', redeliver: false, routingKey: 'housekeeping' },
  props: { contentEncoding: 'UTF-8', messageId: 'm-1' },
};

function record(value: string, headers: Record<string, string> = {}): StoredRecord {
  return {
    topic: 'housekeeping',
    partition: 0,
    offset: 7,
    timestamp: Date.parse('2021-08-12T06:56:40.709Z'),
    key: Buffer.from('housekeeping'),
    value: Buffer.from(value),
    headers: { [META_HEADER]: JSON.stringify(meta), ...headers },
  };
}

describe('rabbitmq decode', () => {
  it("emits Alibaba EventBridge's RabbitMQ shape with the JSON body parsed", () => {
    const { event, text } = decode(record('{"Hello":"EventBridge"}'), { withText: false });
    expect(text).toBeUndefined();
    expect(event).toEqual({
      specversion: '1.0',
      id: 'id-1',
      source: 'acs:amqp',
      type: 'amqp:Queue:SendMessage',
      subject: 'acs:amqp:conflux:/vhosts/eb-connect/queues/housekeeping',
      time: '2021-08-12T06:56:40.709Z',
      datacontenttype: 'application/json;charset=utf-8',
      data: {
        envelope: { deliveryTag: 98, exchange: '', redeliver: false, routingKey: 'housekeeping' },
        body: { Hello: 'EventBridge' },
        props: { contentEncoding: 'UTF-8', messageId: 'm-1' },
      },
    });
  });

  it('keeps a body that is not JSON as text, and the message headers (escaped names restored) in props', () => {
    const headers = { tenant: 'a', [headerName(':meta')]: 'user value' };
    const { event, text } = decode(record('not json', headers), { withText: true });
    expect(event.data).toMatchObject({ body: 'not json', props: { headers: { tenant: 'a', ':meta': 'user value' } } });
    expect(text).toBe(JSON.stringify(event));
  });

  it('rejects a record that did not come from the RabbitMQ source', () => {
    const plain = { ...record('x'), headers: {} };
    expect(() => decode(plain, { withText: false })).toThrow(/not a RabbitMQ delivery/);
  });
});
