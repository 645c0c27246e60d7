import { afterEach, describe, expect, it } from 'vitest';
import { classifyError, type SinkError } from '../../../../bus/delivery/errors.js';
import { conformanceMessage } from '../../../helpers/sink-conformance.js';
import { freshQueue } from './broker.js';

let target: Awaited<ReturnType<typeof freshQueue>> | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

describe('rabbitmq sink', () => {
  it('publishes the payload with the persistent flag, content type and rendered headers', async () => {
    target = await freshQueue();
    const sink = await target.connectSink({ headers: { 'x-key': '$.data.key' }, contentType: 'text/plain' });
    await sink.write([conformanceMessage(3)]);
    await sink.close();
    const [message, ...rest] = await target.drain();
    expect(rest).toEqual([]);
    expect(message!.content.toString()).toBe(conformanceMessage(3).payload);
    expect(message!.properties.deliveryMode).toBe(2);
    expect(message!.properties.contentType).toBe('text/plain');
    expect(message!.properties.headers).toMatchObject({ 'x-key': 'k3' });
  });

  it('persistent: false publishes transient messages', async () => {
    target = await freshQueue();
    const sink = await target.connectSink({ persistent: false });
    await sink.write([conformanceMessage(1)]);
    await sink.close();
    const [message] = await target.drain();
    expect(message!.properties.deliveryMode).toBe(1);
  });

  it('routes by the rendered routing key through a named exchange', async () => {
    target = await freshQueue();
    const exchange = `conflux-test-${process.pid}-${Date.now()}`;
    await target.channel.assertExchange(exchange, 'direct', { autoDelete: true });
    await target.channel.bindQueue(target.queue, exchange, 'k1');
    const sink = await target.connectSink({ exchange, routingKey: '$.data.key' });
    await sink.write([conformanceMessage(1), conformanceMessage(2), conformanceMessage(11)]);
    await sink.close();
    expect((await target.drain()).map((m) => JSON.parse(m.content.toString()).seq)).toEqual([1, 11]);
  });

  it('an unknown exchange is a permanent error; the next write opens a new channel and succeeds once it exists', async () => {
    target = await freshQueue();
    const exchange = `conflux-missing-${process.pid}-${Date.now()}`;
    const sink = await target.connectSink({ exchange });
    const error = (await sink.write([conformanceMessage(1)]).catch((e: unknown) => e)) as SinkError;
    expect(error.code).toBe('sink.rabbitmq.publish');
    expect(error.message).toMatch(/NOT_FOUND/);
    expect(classifyError(error).verdict).toBe('dead-letter');
    await target.channel.assertExchange(exchange, 'fanout', { autoDelete: true });
    await target.channel.bindQueue(target.queue, exchange, '');
    await sink.write([conformanceMessage(2)]);
    await sink.close();
    expect((await target.drain()).map((m) => m.content.toString())).toEqual([conformanceMessage(2).payload]);
  });

  it('a broker that cannot be reached → retriable connect error', async () => {
    target = await freshQueue();
    const sink = await target.connectSink({ url: 'amqp://guest:guest@127.0.0.1:1' });
    const error = (await sink.write([conformanceMessage(1)]).catch((e: unknown) => e)) as SinkError;
    await sink.close();
    expect(error.code).toBe('sink.rabbitmq.connect');
    expect(classifyError(error).verdict).toBe('retry');
  });
});
