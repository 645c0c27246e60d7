import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';
import { classifyError, type ErrorRule, retry, SinkError, type Verdict } from '../../../bus/delivery/errors.js';
import { messageOf } from '../../../bus/errors.js';
import type { SinkWriter } from '../../../bus/task/contract.js';
import { compileFields } from '../../shared/task/sink-fields.js';
import type { RabbitmqSinkConfig } from './config.js';
import { encode, publishRetriable, type RabbitmqFields, type RabbitmqMessage } from './encode.js';

/** One open connection with its confirm channel, and why the broker closed it (if it did). */
interface Session {
  connection: ChannelModel;
  channel: ConfirmChannel;
  failure?: unknown;
}

/** The name the broker shows for the sink's connections (`rabbitmqctl list_connections user_provided_name`). */
export const CONNECTION_NAME = `conflux rabbitmq sink (pid ${process.pid})`;

const ignore = () => {};

/**
 * Compiles the routing key and header specs once and publishes on a confirm channel. A write
 * publishes every message in order, then resolves once the broker confirmed them all (a nack or a
 * lost channel rejects it). The connection opens lazily; one the broker or the network closed is
 * dropped and opened again by the next write, so a broken connection never wedges the sink.
 *
 * @example const sink = await connect({ type: 'rabbitmq', url: 'amqp://127.0.0.1', exchange: '', routingKey: { form: 'CONSTANT', value: 'q' }, persistent: true, contentType: 'application/json' }, { baseDir: '.' })
 */
export async function connect(config: RabbitmqSinkConfig, context: { baseDir: string }): Promise<SinkWriter> {
  const compiled = compileFields({ routingKey: config.routingKey, ...prefixed(config.headers ?? {}) }, context.baseDir);
  const { routingKey, ...rest } = compiled.renderers;
  const fields: RabbitmqFields = {
    routingKey: routingKey!,
    headers: Object.fromEntries(Object.entries(rest).map(([name, render]) => [name.slice('header:'.length), render])),
  };
  const options = { persistent: config.persistent, contentType: config.contentType };
  let current: Promise<Session> | undefined;
  let closed = false;

  const session = (): Promise<Session> => {
    if (current === undefined) {
      const opening = open(config.url, () => {
        if (current === opening) current = undefined;
      });
      current = opening;
      opening.catch(() => {
        if (current === opening) current = undefined;
      });
    }
    return current;
  };

  return {
    async write(messages) {
      if (closed) throw new SinkError('sink.rabbitmq.closed', 'the RabbitMQ sink is closed', { retriable: true });
      const encoded = await Promise.all(messages.map((message) => encode(message, fields, options)));
      const live = await session();
      try {
        await publishAll(live.channel, config.exchange, encoded);
      } catch (error) {
        const reason = live.failure ?? error;
        const where = config.exchange === '' ? 'the default exchange' : `exchange "${config.exchange}"`;
        throw new SinkError('sink.rabbitmq.publish', `publish to ${where} failed: ${messageOf(reason)}`, {
          retriable: publishRetriable(reason),
          cause: reason,
        });
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      const last = current;
      current = undefined;
      await compiled.close();
      if (last !== undefined) await last.then((s) => s.connection.close()).catch(ignore);
    },
  };
}

function prefixed(headers: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(headers).map(([name, spec]) => [`header:${name}`, spec]));
}

async function open(url: string, onGone: () => void): Promise<Session> {
  let connection: ChannelModel;
  try {
    connection = await amqp.connect(url, { clientProperties: { connection_name: CONNECTION_NAME } });
  } catch (error) {
    const refused = /ACCESS.REFUSED|NOT.ALLOWED/.test(messageOf(error));
    throw new SinkError('sink.rabbitmq.connect', `cannot connect to ${redact(url)}: ${messageOf(error)}`, {
      retriable: !refused && classify(error).verdict === 'retry',
      cause: error,
    });
  }
  const session = { connection } as Session;
  // Without 'error' listeners a broker-side close would crash the process; the reason is kept for the write that fails.
  connection.on('error', (error: unknown) => {
    session.failure ??= error;
  });
  connection.on('close', onGone);
  try {
    session.channel = await connection.createConfirmChannel();
  } catch (error) {
    await connection.close().catch(ignore);
    throw new SinkError('sink.rabbitmq.connect', `cannot open a confirm channel: ${messageOf(error)}`, {
      retriable: true,
      cause: error,
    });
  }
  session.channel.on('error', (error: unknown) => {
    session.failure ??= error;
  });
  // A channel the broker closed (unknown exchange…) is not reused: the next write opens a fresh connection.
  session.channel.on('close', () => {
    onGone();
    connection.close().catch(ignore);
  });
  return session;
}

/** Publishes in order, pausing while the socket buffer is full, then waits for every confirm. */
async function publishAll(channel: ConfirmChannel, exchange: string, messages: RabbitmqMessage[]): Promise<void> {
  const confirms: Promise<void>[] = [];
  for (const message of messages) {
    let full = false;
    const confirm = new Promise<void>((resolve, reject) => {
      try {
        full = !channel.publish(exchange, message.routingKey, message.content, message.properties, (error) =>
          error ? reject(error) : resolve(),
        );
      } catch (error) {
        reject(error);
      }
    });
    confirm.catch(ignore); // awaited below; not unhandled while we wait for 'drain'
    confirms.push(confirm);
    if (full) await drained(channel);
  }
  await Promise.all(confirms);
}

function drained(channel: ConfirmChannel): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      channel.off('drain', done);
      channel.off('close', done);
      resolve();
    };
    channel.on('drain', done);
    channel.on('close', done);
  });
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

/** amqplib throws plain `Error`s with these texts when the channel or connection went away. */
const CONNECTION_LOST = /channel closed|connection closed/i;

/** amqplib's rule: a lost channel or connection retries. */
const AMQP_RULES: ErrorRule[] = [
  (e) => (typeof e.message === 'string' && CONNECTION_LOST.test(e.message) ? retry('connection lost') : undefined),
];

/**
 * Whether another attempt can help after `error` from amqplib while connecting: the network and
 * a lost connection retry (an access refusal is judged before, from the broker's reply).
 *
 * @example classify(new Error('Connection closed: 320 (CONNECTION-FORCED)')) // {verdict:'retry', reason:'connection lost'}
 */
export function classify(error: unknown): Verdict {
  return classifyError(error, AMQP_RULES);
}
