import { randomUUID } from 'node:crypto';
import amqp, { type ChannelModel, type GetMessage } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudEvent } from '../../../../bus/event.js';
import { lambdaRmqItems } from '../../../../functions/adapters/lambda/rmq.js';
import { decode, openSource } from '../../../../functions/sources/rabbitmq/receive.js';

const URL = 'amqp://guest:guest@127.0.0.1:5672';
let admin: ChannelModel;
beforeAll(async () => {
  admin = await amqp.connect(URL);
});
afterAll(async () => {
  await admin.close();
});

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A delivery as Lambda's Amazon MQ mapping serializes it (the AWS docs example's conventions). */
function asLambdaMessage(message: GetMessage): Record<string, unknown> {
  const p = message.properties;
  const text = (value: unknown): unknown => (typeof value === 'string' ? { bytes: [...Buffer.from(value)] } : value);
  const headers = Object.fromEntries(Object.entries(p.headers ?? {}).map(([k, v]) => [k, text(v)]));
  const time = (seconds: number) => {
    const d = new Date(seconds * 1000);
    const h = d.getUTCHours();
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${h % 12 || 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
  };
  const or = (value: unknown) => value ?? null;
  return {
    basicProperties: {
      contentType: or(p.contentType),
      contentEncoding: or(p.contentEncoding),
      headers,
      deliveryMode: or(p.deliveryMode),
      priority: or(p.priority),
      correlationId: or(p.correlationId),
      replyTo: or(p.replyTo),
      expiration: or(p.expiration),
      messageId: or(p.messageId),
      timestamp: typeof p.timestamp === 'number' ? time(p.timestamp) : null,
      type: or(p.type),
      userId: or(p.userId),
      appId: or(p.appId),
      clusterId: or(p.clusterId),
      bodySize: message.content.length,
    },
    redelivered: message.fields.redelivered,
    data: message.content.toString('base64'),
  };
}

describe('the same RabbitMQ message, through the emulator and through Lambda', () => {
  it('gives the same event, JSON text and all, but the envelope fields Lambda does not pass (and the id)', async () => {
    const queue = `conflux-rmq-lambda-${randomUUID()}`;
    const channel = await admin.createConfirmChannel();
    await channel.assertQueue(queue, { durable: false, autoDelete: false });
    const body = Buffer.from('{"order":7,"items":["a","b"]}');
    const options = {
      contentType: 'application/json',
      contentEncoding: 'utf-8',
      headers: { tenant: 'acme', ':meta': 'theirs', attempt: 3 },
      priority: 5,
      messageId: 'm-7',
      timestamp: 1764489600,
      appId: 'shop',
      type: 'order.paid',
    };
    channel.sendToQueue(queue, body, options);
    channel.sendToQueue(queue, body, options);
    await channel.waitForConfirms();

    const got = await channel.get(queue, { noAck: true });
    if (got === false) throw new Error('no message');
    const [item] = lambdaRmqItems({
      eventSource: 'aws:rmq',
      rmqMessagesByQueue: { [`${queue}::/`]: [asLambdaMessage(got)] },
    });
    if (item === undefined || !('event' in item)) throw new Error(`no event: ${JSON.stringify(item)}`);

    const source = await openSource({ type: 'rabbitmq', url: URL, queue, prefetch: 10 }, { task: 't' });
    let emulated: CloudEvent | undefined;
    const running = source.run(async (batch) => {
      emulated = decode(batch.records[0]!, { withText: false }).event;
      await source.commit(batch.topic, batch.partition, batch.records[0]!.offset + 1);
      await source.stop();
    });
    await running;
    await channel.deleteQueue(queue);
    await channel.close();
    if (emulated === undefined) throw new Error('the emulator read nothing');

    const envelope = (emulated.data as { envelope: Record<string, unknown> }).envelope;
    expect(envelope).toMatchObject({ exchange: '', routingKey: queue, redeliver: false });
    const expected = {
      ...emulated,
      id: item.event.id,
      data: { ...(emulated.data as object), envelope: { redeliver: false } },
    };
    expect(JSON.stringify(item.event)).toBe(JSON.stringify(expected));
    expect(item.event.data).toMatchObject({
      props: { timestamp: 1764489600, headers: { tenant: 'acme', ':meta': 'theirs', attempt: '3' } },
    });
  });
});
