import { Redis, ReplyError } from 'ioredis';
import { SinkError } from '../../../bus/delivery/errors.js';
import type { SinkWriter } from '../../../bus/task/contract.js';
import { compileSinkField } from '../../shared/task/sink-fields.js';
import type { RedisSinkConfig } from './config.js';
import { encode, type RedisEncoding } from './encode.js';

/** The Redis sink's settings, plus the connection name it shows in CLIENT LIST (default conflux-sink). */
export type RedisSinkOptions = RedisSinkConfig & { clientName?: string };

/** Replies that say the server is busy or moving, not that the command is wrong. */
const TRANSIENT_REPLY = /^(LOADING|BUSY|TRYAGAIN|CLUSTERDOWN|MASTERDOWN|READONLY|MOVED|ASK|NOREPLICAS)\b/;

/**
 * Connects one ioredis client (it reconnects on its own) and compiles the key spec once. A write
 * sends its commands as one pipeline, in order, and resolves when Redis replied to every one.
 * Error replies (WRONGTYPE, …) are permanent; a lost or refused connection is retriable.
 */
export async function connect(options: RedisSinkOptions, context: { baseDir: string }): Promise<SinkWriter> {
  const encoding: RedisEncoding = { ...options, key: compileSinkField(options.key, context.baseDir) };
  const client = new Redis(options.url, {
    lazyConnect: true,
    connectionName: options.clientName ?? 'conflux-sink',
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(times * 100, 2000),
  });
  client.on('error', () => {}); // reported through the commands that fail; the client reconnects
  await client.connect().catch((error: unknown) => {
    client.disconnect();
    throw asSinkError(error);
  });
  let closed = false;
  return {
    async write(messages) {
      if (messages.length === 0) return;
      const commands = await Promise.all(messages.map((message) => encode(message, encoding)));
      const pipeline = client.pipeline();
      for (const { name, args } of commands) pipeline.call(name, ...args);
      const replies = await pipeline.exec().catch((error: unknown) => {
        throw asSinkError(error);
      });
      if (replies === null)
        throw new SinkError('sink.redis.connection', 'Redis did not run the pipeline', { retriable: true });
      for (const [error] of replies) if (error) throw asSinkError(error);
    },
    async close() {
      if (closed) return;
      closed = true;
      await client.quit().catch(() => client.disconnect());
      await encoding.key.close();
    },
  };
}

/**
 * ioredis errors → SinkError: the Redis sink's classification. An error reply is permanent unless
 * the server is only busy; the rest (refused, `Connection is closed.`) are connection trouble, retriable.
 *
 * @example asSinkError(new Error('Connection is closed.')).retriable // true
 */
export function asSinkError(error: unknown): SinkError {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ReplyError) {
    const retriable = TRANSIENT_REPLY.test(message);
    return new SinkError('sink.redis.reply', `Redis refused the command: ${message}`, { retriable, cause: error });
  }
  return new SinkError('sink.redis.connection', `Redis connection failed: ${message}`, {
    retriable: true,
    cause: error,
  });
}
