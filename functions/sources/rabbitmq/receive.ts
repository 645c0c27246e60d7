import { randomUUID } from 'node:crypto';
import amqp, { type Channel, type ChannelModel, type ConsumeMessage } from 'amqplib';
import { ConfluxError, messageOf } from '../../../bus/errors.js';
import type { Json } from '../../../bus/event.js';
import type { TaskSource } from '../../../bus/task/contract.js';
import { amqpTime, headerText } from '../../adapters/source/events/amqp.js';
import { Inbox } from '../../adapters/source/inbox.js';
import { headerName, META_HEADER } from '../../adapters/source/record.js';
import type { RabbitmqSourceConfig } from './config.js';
import type { AmqpMeta } from './decode.js';

export { decode } from './decode.js';

const ignore = () => {};

/**
 * Consumes the queue with manual acknowledgements: at most `prefetch` messages are unacknowledged
 * at once (the broker sends no more until some are acked, which bounds what waits in memory).
 * Each delivery becomes a record numbered from 0 on this open; `commit(…, n)` acks every delivery
 * below offset n with one `ack(…, allUpTo)`. `stop` closes the connection without acking, so the
 * broker requeues what was not committed and delivers it again (with `redeliver: true`). A lost
 * connection or channel ends `run` with the reason (the task fails; a resume opens a new one).
 *
 * @example const source = await openSource({ type: 'rabbitmq', url: 'amqp://127.0.0.1', queue: 'orders', prefetch: 100 }, context)
 */
export async function openSource(config: RabbitmqSourceConfig, _context?: { task: string }): Promise<TaskSource> {
  let connection: ChannelModel;
  try {
    connection = await amqp.connect(config.url, { clientProperties: { connection_name: `conflux rabbitmq source` } });
  } catch (error) {
    throw new ConfluxError('source.rabbitmq.connect', `cannot connect to ${redact(config.url)}: ${messageOf(error)}`, {
      retriable: true,
      cause: error,
    });
  }
  const inbox = new Inbox(config.queue);
  const vhost = vhostOf(config.url);
  const pending: { offset: number; message: ConsumeMessage }[] = [];
  connection.on('error', (error: unknown) => inbox.fail(sourceError('connection', error)));
  connection.on('close', () => inbox.fail(sourceError('connection', 'the connection closed')));
  let channel: Channel;
  try {
    channel = await connection.createChannel();
    channel.on('error', (error: unknown) => inbox.fail(sourceError('channel', error)));
    channel.on('close', () => inbox.fail(sourceError('channel', 'the channel closed')));
    await channel.prefetch(config.prefetch);
    await channel.consume(
      config.queue,
      (message) => {
        if (message === null) return inbox.fail(sourceError('consumer', 'the broker cancelled the consumer'));
        const offset = inbox.push(toRecord(message, vhost, config.queue));
        pending.push({ offset, message });
      },
      { noAck: false },
    );
  } catch (error) {
    await connection.close().catch(ignore);
    throw new ConfluxError('source.rabbitmq.consume', `cannot consume queue "${config.queue}": ${messageOf(error)}`, {
      path: 'source.queue',
      cause: error,
    });
  }
  let closing: Promise<void> | undefined;
  return {
    run: (onBatch) => inbox.run(onBatch),
    async commit(_topic, _partition, nextOffset) {
      let last = -1;
      while (last + 1 < pending.length && pending[last + 1]!.offset < nextOffset) last++;
      if (last < 0) return;
      const [upTo] = pending.splice(0, last + 1).slice(-1);
      channel.ack(upTo!.message, true);
    },
    stop() {
      inbox.stop();
      // no acks here: the broker requeues every unacknowledged delivery. The channel closes first:
      // its close follows the acks already sent on it, while a connection close could overtake them.
      closing ??= channel
        .close()
        .catch(ignore)
        .then(() => connection.close())
        .catch(ignore);
      return closing;
    },
  };
}

function toRecord(message: ConsumeMessage, vhost: string, queue: string) {
  const { fields, properties } = message;
  const props: { [name: string]: Json } = {};
  for (const [name, value] of Object.entries(properties)) {
    if (name === 'headers' || value === undefined || value === null) continue;
    props[name] = value as Json;
  }
  const meta: AmqpMeta = {
    id: randomUUID(),
    vhost,
    queue,
    envelope: {
      deliveryTag: fields.deliveryTag,
      exchange: fields.exchange,
      redeliver: fields.redelivered,
      routingKey: fields.routingKey,
    },
    props,
  };
  const headers: Record<string, string> = { [META_HEADER]: JSON.stringify(meta) };
  for (const [name, value] of Object.entries(properties.headers ?? {})) {
    if (value === undefined) continue;
    headers[headerName(name)] = headerText(value as Json);
  }
  const stamp = amqpTime(properties.timestamp, Date.now());
  return { timestamp: stamp, key: Buffer.from(fields.routingKey), value: message.content, headers };
}

/** The vhost an AMQP URL names: its path without the slash, "/" when empty. */
function vhostOf(url: string): string {
  const path = decodeURIComponent(new URL(url).pathname.slice(1));
  return path === '' ? '/' : path;
}

function sourceError(what: string, reason: unknown): ConfluxError {
  return new ConfluxError('source.rabbitmq.lost', `the RabbitMQ ${what} was lost: ${messageOf(reason)}`, {
    retriable: true,
    cause: reason,
  });
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
