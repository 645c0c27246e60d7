import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StoredRecord } from '../../../../bus/log/types.js';
import {
  IOT_RULE,
  lambdaSourceName,
  lambdaSourceOf,
  lambdaSources,
} from '../../../../functions/adapters/lambda/event-sources.js';
import { iotRuleSql, lambdaIotItems } from '../../../../functions/adapters/lambda/iot.js';
import { META_HEADER } from '../../../../functions/adapters/source/record.js';
import { decode, type MqttMeta } from '../../../../functions/sources/mqtt/decode.js';

const fixture = () =>
  JSON.parse(readFileSync(new URL('../../shared/fixtures/iot-rule-message.json', import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;

describe("an AWS IoT rule's message (mqtt tasks)", () => {
  it('is taken whatever its shape when the task is configured mqtt, even with an eventSource of its own', () => {
    expect(lambdaSourceName({ eventSource: 'aws:kafka', records: {} }, 'mqtt')).toBe(IOT_RULE);
    expect(lambdaSourceOf(fixture(), lambdaSources, 'mqtt').serves).toBe('mqtt');
    expect(() => lambdaSourceOf(fixture(), lambdaSources)).toThrow(/iot:rule: a task whose source is mqtt/);
  });

  it('is selected by a rule whose SQL keeps the payload exact (base64) with its topic, time and trace id', () => {
    expect(iotRuleSql('devices/+/telemetry')).toBe(
      "SELECT encode(*, 'base64') AS payload, topic() AS topic, timestamp() AS receivedAt, traceid() AS id FROM 'devices/+/telemetry'",
    );
  });

  it("decodes to the MQTT source's event, exactly the emulator's but for the flags IoT does not tell", () => {
    const [item] = lambdaIotItems(fixture());
    if (item === undefined || !('event' in item)) throw new Error('expected an event');
    expect(item.identifier).toEqual({ id: '7b2d1c5e-3f0a-4c1b-9a8e-2d4f6b8c0e1a', topic: 'devices/d7/telemetry' });
    expect(item.event).toEqual({
      specversion: '1.0',
      id: '7b2d1c5e-3f0a-4c1b-9a8e-2d4f6b8c0e1a',
      source: 'acs:mq4iot',
      type: 'mq4iot:Topic:SendMessage',
      subject: 'acs:mq4iot:conflux:topic/devices/d7/telemetry',
      time: '2025-11-30T08:00:00.123Z',
      datacontenttype: 'application/json;charset=utf-8',
      data: { props: { topic: 'devices/d7/telemetry' }, body: { temperature: 28.5, device: 'd7' } },
    });
    const meta: MqttMeta = {
      id: item.event.id,
      filter: 'devices/+/telemetry',
      props: { topic: 'devices/d7/telemetry', qos: 1, retain: false, dup: false, messageId: 4 },
    };
    const record: StoredRecord = {
      topic: 'devices/+/telemetry',
      partition: 0,
      offset: 0,
      timestamp: 1764489600123,
      key: Buffer.from('devices/d7/telemetry'),
      value: Buffer.from('{"temperature":28.5,"device":"d7"}'),
      headers: { [META_HEADER]: JSON.stringify(meta) },
    };
    const emulated = decode(record, { withText: true });
    const { qos, retain, dup, messageId, ...told } = meta.props;
    expect([qos, retain, dup, messageId]).toEqual([1, false, false, 4]);
    const expected = { ...emulated.event, data: { ...(emulated.event.data as object), props: told } };
    expect(JSON.stringify(item.event)).toBe(JSON.stringify(expected));
  });

  it('keeps a payload that is not JSON as its text, byte for byte', () => {
    const payload = Buffer.from('21.5°C raw').toString('base64');
    const [item] = lambdaIotItems({ payload, topic: 't' }, 5);
    expect(item && 'event' in item ? [item.event.data, item.event.time] : undefined).toEqual([
      { props: { topic: 't' }, body: '21.5°C raw' },
      '1970-01-01T00:00:00.005Z',
    ]);
  });

  it.each([
    [{ temperature: 28 }, ['payload']],
    [{ payload: 'not base64!', topic: 't' }, ['payload']],
    [{ payload: '', topic: 7 }, ['topic']],
    [{ payload: '', topic: 't', receivedAt: 'now' }, ['receivedAt']],
    ['text', []],
  ])('a message the rule did not select so is an issue naming its path (%j)', (message, path) => {
    const [item] = lambdaIotItems(message);
    expect(item && 'issue' in item ? item.issue.path : undefined).toEqual(path);
    if (item && 'issue' in item) expect(item.issue.message).toMatch(/conflux package|must be/);
  });

  it('fails the invocation on a failed message, so Lambda retries it', () => {
    const source = lambdaSourceOf(fixture(), lambdaSources, 'mqtt');
    expect(() =>
      source.respond([{ identifier: { id: 'i-1', topic: 'devices/d7' }, ok: false, error: new Error('sink down') }]),
    ).toThrow('1 of 1 message failed; the whole batch is retried:\nthe message on devices/d7 (id i-1): sink down');
  });
});
