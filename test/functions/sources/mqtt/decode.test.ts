import { describe, expect, it } from 'vitest';
import type { StoredRecord } from '../../../../bus/log/types.js';
import { META_HEADER } from '../../../../functions/adapters/source/record.js';
import { decode, type MqttMeta } from '../../../../functions/sources/mqtt/decode.js';

function record(value: string, meta: MqttMeta): StoredRecord {
  return {
    topic: 'devices/#',
    partition: 0,
    offset: 3,
    timestamp: Date.parse('2024-03-05T13:52:18.374Z'),
    key: Buffer.from(meta.props.topic),
    value: Buffer.from(value),
    headers: { [META_HEADER]: JSON.stringify(meta) },
  };
}

const meta: MqttMeta = {
  id: 'u-1',
  filter: 'devices/#',
  props: { topic: 'devices/7/telemetry', qos: 1, retain: false, dup: false, messageId: 12 },
};

describe('mqtt decode', () => {
  it('emits the acs:mq4iot shape: props and the parsed body', () => {
    const { event } = decode(record('{"t":21.5}', meta), { withText: false });
    expect(event).toEqual({
      specversion: '1.0',
      id: 'u-1',
      source: 'acs:mq4iot',
      type: 'mq4iot:Topic:SendMessage',
      subject: 'acs:mq4iot:conflux:topic/devices/7/telemetry',
      time: '2024-03-05T13:52:18.374Z',
      datacontenttype: 'application/json;charset=utf-8',
      data: { props: meta.props, body: { t: 21.5 } },
    });
  });

  it('keeps a payload that is not JSON as text; withText gives the compact JSON', () => {
    const { event, text } = decode(record('on', meta), { withText: true });
    expect(event.data).toMatchObject({ body: 'on' });
    expect(text).toBe(JSON.stringify(event));
  });

  it('rejects a record that did not come from the MQTT source', () => {
    expect(() => decode({ ...record('x', meta), headers: {} }, { withText: false })).toThrow(/not an MQTT message/);
  });
});
