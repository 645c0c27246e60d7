import { type MsgHdrs, type NatsConnection, NatsError, connect as natsConnect, headers as natsHeaders } from 'nats';
import { SinkError } from '../../../bus/delivery/errors.js';
import type { SinkWriter } from '../../../bus/task/contract.js';
import { compileSinkField, type SinkField } from '../../shared/task/sink-fields.js';
import type { NatsSinkConfig } from './config.js';
import { encode, type NatsFields, type NatsMessage } from './encode.js';

/** The NATS sink's settings, plus the connection name the server shows (default conflux-sink). */
export type NatsSinkOptions = NatsSinkConfig & { name?: string };

/** Client codes that say the request itself is wrong: another attempt sends the same. */
const PERMANENT_CODES = new Set([
  'BAD_SUBJECT',
  'BAD_HEADER',
  'BAD_PAYLOAD',
  'MAX_PAYLOAD_EXCEEDED',
  'PERMISSIONS_VIOLATION',
]);

/**
 * Connects to NATS (the client reconnects on its own, forever) and compiles the subject and header
 * specs once. A write publishes its messages in order; with `jetstream` it resolves when the stream
 * acknowledged each one, otherwise after a flush round trip (the server has read them all).
 */
export async function connect(options: NatsSinkOptions, context: { baseDir: string }): Promise<SinkWriter> {
  const compiled: SinkField[] = [];
  const compile = (spec: unknown) => {
    const field = compileSinkField(spec, context.baseDir);
    compiled.push(field);
    return field;
  };
  const fields: NatsFields = { subject: compile(options.subject) };
  if (options.headers !== undefined) {
    fields.headers = Object.fromEntries(Object.entries(options.headers).map(([name, spec]) => [name, compile(spec)]));
  }
  const nc: NatsConnection = await natsConnect({
    servers: options.servers,
    name: options.name ?? 'conflux-sink',
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
  }).catch((error: unknown) => {
    throw asSinkError(error, options.jetstream);
  });
  const js = options.jetstream ? nc.jetstream() : undefined;
  const link = watchConnection(nc, 5000);
  let closed = false;
  return {
    async write(messages) {
      if (messages.length === 0) return;
      const encoded = await Promise.all(messages.map((message) => encode(message, fields)));
      const lost = link.next();
      try {
        await link.ready();
        if (js !== undefined) {
          // published back to back on one connection, so the stream stores them in this order
          await Promise.race([
            Promise.all(encoded.map((m) => js.publish(m.subject, m.data, { headers: toHeaders(m) }))),
            lost.promise,
          ]);
        } else {
          for (const m of encoded) nc.publish(m.subject, m.data, { headers: toHeaders(m) });
          await Promise.race([nc.flush(), lost.promise]);
        }
      } catch (error) {
        throw asSinkError(error, options.jetstream);
      } finally {
        lost.done();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await nc.drain().catch(() => nc.close());
      await Promise.all(compiled.map((field) => field.close()));
    },
  };
}

/**
 * Tracks the link. Messages written just before a disconnect may be lost with the socket and their
 * acks never come, so a write in flight when the connection drops fails at once (retriable); a
 * write while the client reconnects waits for the reconnect (up to `timeoutMs`) before publishing,
 * since what the client buffers meanwhile is not reliably acknowledged.
 */
function watchConnection(nc: NatsConnection, timeoutMs: number) {
  const waiting = new Set<(error: Error) => void>();
  let reconnected: { promise: Promise<void>; resolve: () => void } | undefined;
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect') {
        reconnected ??= deferred();
        const error = new SinkError(
          'sink.nats.disconnected',
          `the connection to NATS dropped (${String(status.data)})`,
          {
            retriable: true,
          },
        );
        for (const reject of waiting) reject(error);
        waiting.clear();
      } else if (status.type === 'reconnect') {
        reconnected?.resolve();
        reconnected = undefined;
      }
    }
  })();
  return {
    /** Resolves when connected; rejects (retriable) if the client is still reconnecting after `timeoutMs`. */
    async ready(): Promise<void> {
      if (reconnected === undefined) return;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, fail) => {
        timer = setTimeout(
          () =>
            fail(new SinkError('sink.nats.disconnected', 'NATS is unreachable (reconnecting)', { retriable: true })),
          timeoutMs,
        );
      });
      await Promise.race([reconnected.promise, timeout]).finally(() => clearTimeout(timer));
    },
    /** A promise that rejects at the next disconnect; call `done` when the write is over. */
    next() {
      let reject: (error: Error) => void = () => {};
      const promise = new Promise<never>((_, fail) => {
        reject = fail;
      });
      promise.catch(() => {}); // only observed through the race
      waiting.add(reject);
      return { promise, done: () => waiting.delete(reject) };
    },
  };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

function toHeaders(message: NatsMessage): MsgHdrs | undefined {
  if (message.headers === undefined) return undefined;
  const out = natsHeaders();
  for (const [name, value] of Object.entries(message.headers)) out.set(name, value);
  return out;
}

/**
 * NATS errors → SinkError: the NATS sink's classification. JetStream with no responders means no
 * stream takes the subject, and a JetStream API error below 500 a refused message: both permanent.
 * Bad subjects, headers or payloads and permission violations are permanent; connection trouble
 * (refused, closed, timeouts, no responders without JetStream) is retriable.
 *
 * @example asSinkError(new NatsError('TIMEOUT', 'TIMEOUT'), false).retriable // true
 */
export function asSinkError(error: unknown, jetstream: boolean): SinkError {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof SinkError) return error;
  if (!(error instanceof NatsError)) {
    return new SinkError('sink.nats.connection', `NATS failed: ${message}`, { retriable: true, cause: error });
  }
  if (jetstream && error.code === '503') {
    return new SinkError('sink.nats.no-stream', `no JetStream stream takes the subject (${message})`, {
      retriable: false,
      cause: error,
    });
  }
  if (error.api_error !== undefined) {
    const retriable = error.api_error.code >= 500;
    return new SinkError('sink.nats.jetstream', `JetStream refused the message: ${message}`, {
      retriable,
      cause: error,
    });
  }
  const retriable = !PERMANENT_CODES.has(error.code);
  return new SinkError(`sink.nats.${retriable ? 'connection' : 'request'}`, `NATS ${error.code}: ${message}`, {
    retriable,
    cause: error,
  });
}
