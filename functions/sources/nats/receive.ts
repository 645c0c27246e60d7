import { randomUUID } from 'node:crypto';
import { AckPolicy, connect, type JsMsg, type Msg, type MsgHdrs, millis, type NatsConnection, nanos } from 'nats';
import { ConfluxError, messageOf } from '../../../bus/errors.js';
import type { TaskSource } from '../../../bus/task/contract.js';
import { Inbox } from '../../adapters/source/inbox.js';
import { headerName, META_HEADER } from '../../adapters/source/record.js';
import type { NatsSourceConfig } from './config.js';
import type { NatsMeta } from './decode.js';

export { decode } from './decode.js';

/**
 * The NATS source's settings, plus the durable consumer's ack wait (how long a delivered, unacked
 * message waits before JetStream sends it again; default 30 s) and its cap on unacked messages
 * (default 1000, which bounds what waits in memory).
 */
export type NatsSourceOptions = NatsSourceConfig & { ackWaitMs?: number; maxAckPending?: number };

/** How long a commit waits for JetStream to confirm its acks before it fails (retriable). */
const ACK_CONFIRM_MS = 5000;

/**
 * With `jetstream`: creates (or updates) the durable pull consumer `durable` (default
 * `conflux_<task>`) on the stream, filtered by `subject`, with explicit acks, and consumes it;
 * `commit(…, n)` acks every message below offset n and resolves once JetStream confirmed the last
 * of those acks (`ackAck`; it takes a consumer's acks in order), so a commit that resolved cannot
 * be lost by a stop or crash right after it. `stop` acks
 * nothing: JetStream sends the unacked messages again after the ack wait, to whoever consumes
 * the durable then. Without `jetstream`: a core NATS subscription (with the queue group, if set);
 * core NATS has no acknowledgements, so it is at-most-once: a message is gone once handed to
 * conflux, and messages published while the task is stopped are never seen. `commit` does nothing.
 *
 * @example const source = await openSource({ type: 'nats', servers: ['127.0.0.1:4222'], subject: 'orders.>', jetstream: { stream: 'ORDERS' } }, { task: 'orders' })
 */
export async function openSource(config: NatsSourceOptions, context: { task: string }): Promise<TaskSource> {
  let nc: NatsConnection;
  try {
    nc = await connect({ servers: config.servers, name: `conflux-source-${context.task}`, maxReconnectAttempts: -1 });
  } catch (error) {
    throw new ConfluxError(
      'source.nats.connect',
      `cannot connect to ${config.servers.join(', ')}: ${messageOf(error)}`,
      {
        path: 'source.servers',
        retriable: true,
        cause: error,
      },
    );
  }
  const inbox = new Inbox(config.subject);
  void nc.closed().then((error) => {
    if (!inbox.isStopped)
      inbox.fail(
        new ConfluxError('source.nats.lost', `the NATS connection closed: ${messageOf(error ?? 'closed')}`, {
          retriable: true,
        }),
      );
  });
  try {
    return config.jetstream === undefined
      ? await subscribeCore(nc, config, inbox)
      : await consumeStream(nc, config, config.jetstream, context.task, inbox);
  } catch (error) {
    inbox.stop();
    await nc.close().catch(() => {});
    throw new ConfluxError('source.nats.consume', `cannot consume "${config.subject}": ${messageOf(error)}`, {
      path: 'source.jetstream',
      cause: error,
    });
  }
}

/** Resolves once the server holds the subscription, so nothing published after `openSource` resolves is missed. */
async function subscribeCore(nc: NatsConnection, config: NatsSourceOptions, inbox: Inbox): Promise<TaskSource> {
  nc.subscribe(config.subject, {
    ...(config.queue === undefined ? {} : { queue: config.queue }),
    callback: (error, msg) => {
      if (error !== null) return inbox.fail(error);
      inbox.push(toRecord(msg, { id: randomUUID(), props: { subject: msg.subject } }, Date.now()));
    },
  });
  await nc.flush();
  return {
    run: (onBatch) => inbox.run(onBatch),
    async commit() {}, // core NATS acknowledges nothing
    async stop() {
      inbox.stop();
      await nc.close().catch(() => {});
    },
  };
}

async function consumeStream(
  nc: NatsConnection,
  config: NatsSourceOptions,
  jetstream: NonNullable<NatsSourceConfig['jetstream']>,
  task: string,
  inbox: Inbox,
): Promise<TaskSource> {
  const durable = jetstream.durable ?? `conflux_${task}`;
  const jsm = await nc.jetstreamManager();
  await jsm.consumers.add(jetstream.stream, {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    filter_subject: config.subject,
    ack_wait: nanos(config.ackWaitMs ?? 30_000),
    max_ack_pending: config.maxAckPending ?? 1000,
  });
  const consumer = await nc.jetstream().consumers.get(jetstream.stream, durable);
  const messages = await consumer.consume({ max_messages: 256 });
  const unacked: { offset: number; msg: JsMsg }[] = [];
  void (async () => {
    try {
      for await (const msg of messages) {
        const { info } = msg;
        const meta: NatsMeta = {
          id: `${info.stream}-${info.streamSequence}`,
          props: {
            subject: msg.subject,
            stream: info.stream,
            sequence: info.streamSequence,
            deliveryCount: info.deliveryCount,
            redelivered: info.redelivered,
          },
        };
        const offset = inbox.push(toRecord(msg, meta, millis(info.timestampNanos)));
        unacked.push({ offset, msg });
      }
    } catch (error) {
      inbox.fail(error);
    }
  })();
  return {
    run: (onBatch) => inbox.run(onBatch),
    async commit(_topic, _partition, nextOffset) {
      let count = 0;
      while (count < unacked.length && unacked[count]!.offset < nextOffset) count++;
      if (count === 0) return;
      const done = unacked.splice(0, count);
      for (const { msg } of done.slice(0, -1)) msg.ack();
      // the server takes one consumer's acks in order: once it confirms the last, it holds them all
      const confirmed = await done
        .at(-1)!
        .msg.ackAck({ timeout: ACK_CONFIRM_MS })
        .catch((error: unknown) => error);
      if (confirmed !== true) {
        const why = confirmed === false ? 'no answer' : messageOf(confirmed);
        throw new ConfluxError(
          'source.nats.ack',
          `JetStream did not confirm the acks below offset ${nextOffset}: ${why}`,
          {
            retriable: true,
            cause: confirmed,
          },
        );
      }
    },
    async stop() {
      inbox.stop();
      // no acks: JetStream redelivers what was not committed after the ack wait
      messages.stop();
      await nc.close().catch(() => {});
    },
  };
}

function toRecord(msg: Msg | JsMsg, meta: NatsMeta, timestamp: number) {
  const headers: Record<string, string> = { [META_HEADER]: JSON.stringify(meta) };
  if (msg.headers !== undefined) copyHeaders(msg.headers, headers);
  const value = Buffer.from(msg.data.buffer, msg.data.byteOffset, msg.data.byteLength);
  return { timestamp, key: Buffer.from(msg.subject), value, headers };
}

function copyHeaders(from: MsgHdrs, to: Record<string, string>): void {
  for (const name of from.keys()) to[headerName(name)] = from.values(name).join(',');
}
