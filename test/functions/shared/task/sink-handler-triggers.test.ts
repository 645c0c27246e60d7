import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { settingsCheck } from '../../../../functions/shared/settings/field-check.js';
import { createSinkHandler, type SinkHandler } from '../../../../functions/shared/task/sink-handler.js';
import { fileSink } from '../../../../functions/sinks/file/connector.js';
import { connect } from '../../../../functions/sinks/file/send.js';

const fileSettings = settingsCheck(fileSink);

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
const b64 = (text: string) => Buffer.from(text).toString('base64');

const handlers: SinkHandler[] = [];
afterEach(async () => {
  for (const handler of handlers.splice(0)) await handler.close();
});

/** The file sink's own Lambda entry with a task's environment, as `conflux package` writes it. */
function fileTask(env: Record<string, string>) {
  const out = join(mkdtempSync(join(tmpdir(), 'conflux-triggers-')), 'out.jsonl');
  const handler = createSinkHandler({
    type: 'file',
    settings: fileSettings,
    connect,
    env: { CONFLUX_SINK: JSON.stringify({ type: 'file', path: out }), ...env },
  });
  handlers.push(handler);
  const lines = () => {
    try {
      return readFileSync(out, 'utf8').split('\n').filter(Boolean);
    } catch {
      return [];
    }
  };
  return { handler, lines };
}

function rmqEvent(bodies: string[]) {
  const event = fixture('lambda-rmq-event.json') as { rmqMessagesByQueue: Record<string, Record<string, unknown>[]> };
  const [message] = event.rmqMessagesByQueue['test::/']!;
  event.rmqMessagesByQueue = { 'orders::/': bodies.map((body) => ({ ...message, data: body })) };
  return event;
}

describe('a sink bundle invoked by Amazon MQ for RabbitMQ (aws:rmq)', () => {
  it('filters, transforms and writes each message in order, and answers the counts', async () => {
    const { handler, lines } = fileTask({
      CONFLUX_SOURCE:
        '{"type":"rabbitmq","url":"amqps://b-1.mq.us-east-1.amazonaws.com:5671","queue":"orders","prefetch":100}',
      CONFLUX_FILTER: '{"data":{"body":{"status":["paid"]}}}',
      CONFLUX_TRANSFORM:
        '{"form":"TEMPLATE","value":{"id":"$.data.body.id","q":"$.subject"},"template":"${id} from ${q}"}',
    });
    const result = await handler(
      rmqEvent([b64('{"id":1,"status":"paid"}'), b64('{"id":2,"status":"open"}'), b64('{"id":3,"status":"paid"}')]),
    );
    expect(result).toEqual({ delivered: 2, filtered: 1 });
    expect(lines()).toEqual([
      '1 from acs:amqp:conflux:/vhosts/%2F/queues/orders',
      '3 from acs:amqp:conflux:/vhosts/%2F/queues/orders',
    ]);
  });

  it('throws naming every failed message so Lambda retries the batch; the messages after a failed one are not written', async () => {
    const { handler, lines } = fileTask({ CONFLUX_TRANSFORM: '{"form":"JSONPATH","value":"$.data.body.id"}' });
    await expect(handler(rmqEvent([b64('{"id":"A"}'), 'not base64!', b64('{"id":"C"}')]))).rejects.toThrow(
      /2 of 3 messages failed; the whole batch is retried:\n\$\.rmqMessagesByQueue\['orders::\/'\]\[1\]: data must be base64 text\n\$\.rmqMessagesByQueue\['orders::\/'\]\[2\]: an earlier record of orders::\/ failed/,
    );
    expect(lines()).toEqual(['A']);
  });

  it('refuses an invocation from another trigger than the task was deployed for', async () => {
    const { handler } = fileTask({ CONFLUX_SOURCE: '{"type":"rabbitmq","queue":"orders"}' });
    await expect(handler({ eventSource: 'aws:kafka', records: {} })).rejects.toThrow(
      'this function is deployed for a rabbitmq source but was invoked by aws:kafka',
    );
  });
});

describe('a sink bundle behind an API Gateway HTTP API (payload 2.0)', () => {
  const request = (method: string, body: string, headers: Record<string, string> = {}) => ({
    ...fixture('lambda-http-v2-event.json'),
    rawPath: '/hooks/orders',
    rawQueryString: 'src=shop',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    requestContext: { http: { method, path: '/hooks/orders' }, timeEpoch: 1764489600000 },
  });
  const env = {
    CONFLUX_SOURCE: '{"type":"http","path":"/hooks/orders","methods":["POST","PUT"],"token":"s3cret"}',
    CONFLUX_TASK: 'orders-hook',
  };

  it('writes the event and answers 200 {"id"} as the emulator does', async () => {
    const { handler, lines } = fileTask(env);
    const result = await handler(request('POST', '{"orderId":7}', { authorization: 'Bearer s3cret' }));
    expect(result).toMatchObject({ statusCode: 200, headers: { 'content-type': 'application/json' } });
    const { id } = JSON.parse((result as { body: string }).body) as { id: string };
    const [line] = lines();
    expect(JSON.parse(line!)).toEqual({
      specversion: '1.0',
      id,
      source: 'orders-hook',
      type: 'eventbridge:Events:HTTPEvent',
      subject: 'acs:eventbridge:local:conflux:eventbus/conflux/eventsource/orders-hook',
      time: '2025-11-30T08:00:00.000Z',
      datacontenttype: 'application/json',
      data: {
        headers: { 'content-type': 'application/json' },
        path: '/hooks/orders',
        httpMethod: 'POST',
        queryString: { src: 'shop' },
        body: { orderId: 7 },
      },
    });
  });

  it('answers 405 and 401 before reading anything, and 500 when the event cannot be delivered', async () => {
    const { handler, lines } = fileTask({
      ...env,
      CONFLUX_TRANSFORM: '{"form":"JSONPATH","value":"$.data.body.missing"}',
    });
    expect(await handler(request('GET', ''))).toMatchObject({ statusCode: 405, headers: { allow: 'POST, PUT' } });
    expect(await handler(request('POST', '{}'))).toMatchObject({ statusCode: 401 });
    const errors = console.error;
    const logged: unknown[] = [];
    console.error = (error: unknown) => logged.push(error);
    try {
      const failed = await handler(request('PUT', '{"orderId":8}', { authorization: 'Bearer s3cret' }));
      expect(failed).toMatchObject({ statusCode: 500 });
      expect(logged).toHaveLength(1);
    } finally {
      console.error = errors;
    }
    expect(lines()).toEqual([]);
  });
});

describe('a sink bundle invoked by an IoT rule (mqtt tasks)', () => {
  it("builds the MQTT source's event from whatever the rule selected, and fails the invocation on a bad one", async () => {
    const { handler, lines } = fileTask({
      CONFLUX_SOURCE: '{"type":"mqtt","url":"mqtt://127.0.0.1:1883","topic":"devices/+/telemetry","qos":1}',
      CONFLUX_TRANSFORM: '{"form":"JSONPATH","value":"$.data.props.topic"}',
    });
    expect(await handler(fixture('iot-rule-message.json'))).toEqual({ delivered: 1, filtered: 0 });
    expect(lines()).toEqual(['devices/d7/telemetry']);
    await expect(handler({ temperature: 28 })).rejects.toThrow(/payload must be base64 text/);
  });
});
