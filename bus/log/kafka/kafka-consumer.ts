/**
 * A consumer group on Kafka through kafkajs: `eachBatch` with autoCommit off, so offsets are committed
 * only by `commit` (after the sink acknowledged), and a low `maxWaitTimeInMs` so idle fetches return soon.
 */
import type { ConsumerRunConfig, IHeaders, KafkaMessage } from 'kafkajs';
import type { Consumer, PartitionBatch, StoredRecord } from '../types.js';
import { kafkaClient, kafkaError } from './kafka-client.js';
import { OffsetGaps } from './offset-gaps.js';

/** Options of a consumer on Kafka. */
export interface KafkaConsumerOptions {
  topic: string;
  group: string;
  /** Where a group without a committed offset starts: `earliest` = kafkajs `fromBeginning`. */
  offset: 'earliest' | 'latest';
  brokers: string[];
  /** Partitions handed over at once (kafkajs `partitionsConsumedConcurrently`). Default 1. */
  partitionsConsumedConcurrently?: number;
  /** kafkajs `maxWaitTimeInMs`. Default 100. */
  maxWaitTimeInMs?: number;
  /**
   * Group timeouts. Defaults 10 s / 10 s / 1 s (kafkajs' own are 30 s / 60 s / 3 s): a group reopened
   * after a stop waits for the old member's session to expire on the mock cluster, ~30 s with kafkajs'.
   */
  sessionTimeout?: number;
  rebalanceTimeout?: number;
  heartbeatInterval?: number;
}

function headerText(value: IHeaders[string]): string | undefined {
  if (value === undefined) return undefined;
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  return last === undefined ? undefined : last.toString();
}

/** A kafkajs message as a StoredRecord (a null value, a tombstone, becomes empty bytes). */
export function fromKafkaMessage(topic: string, partition: number, message: KafkaMessage): StoredRecord {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const text = headerText(value);
    if (text === undefined) continue;
    if (name === '__proto__') Object.defineProperty(headers, name, { value: text, enumerable: true, writable: true });
    else headers[name] = text;
  }
  return {
    topic,
    partition,
    offset: Number(message.offset),
    timestamp: Number(message.timestamp),
    key: message.key ?? null,
    value: message.value ?? Buffer.alloc(0),
    headers,
  };
}

/** A commit refused because the group is rebalancing (kafkajs' `isRebalancing`, or the member was dropped). */
function lostByRebalance(error: unknown): boolean {
  // kafkajs' retrier wraps the protocol error (which has the `type`) as the `cause` of another
  const type = causeType(error);
  return type !== undefined && REBALANCE_ERRORS.has(type);
}

/** How long a commit is retried while the coordinator is unreachable (a broker restart), before the task fails. */
const COMMIT_RETRY_MS = 30_000;

/** Rejoins after group errors kafkajs will not retry, per consumer: enough for flapping, bounded against loops. */
const MAX_REJOINS = 20;

/**
 * A crash a fresh join cures. librdkafka's mock answers a SyncGroup that comes after the leader's with
 * INVALID_REQUEST (it completes the sync on the leader's assignments alone), which kafkajs treats as final.
 */
function groupError(error: unknown): boolean {
  return lostByRebalance(error) || causeType(error) === 'INVALID_REQUEST';
}

/** A broker that cannot be reached (kafkajs may wrap the connection error in a non-retriable one). */
function unreachable(error: unknown): boolean {
  for (let e = error, depth = 0; typeof e === 'object' && e !== null && depth < 5; depth++) {
    if ('name' in e && typeof e.name === 'string' && /^KafkaJSConnection(Closed)?Error$/.test(e.name)) return true;
    e = 'cause' in e ? e.cause : undefined;
  }
  return false;
}

/**
 * The group's coordinator left the cluster (killed: `Broker N not found in the cached metadata`).
 * kafkajs keeps committing to it until the group rejoins, which needs the batch handler to return.
 */
function coordinatorGone(error: unknown): boolean {
  for (let e = error, depth = 0; typeof e === 'object' && e !== null && depth < 5; depth++) {
    if ('name' in e && e.name === 'KafkaJSBrokerNotFound') return true;
    e = 'cause' in e ? e.cause : undefined;
  }
  return false;
}

function causeType(error: unknown): string | undefined {
  for (let e = error, depth = 0; typeof e === 'object' && e !== null && depth < 5; depth++) {
    if ('type' in e && typeof e.type === 'string') return e.type;
    e = 'cause' in e ? e.cause : undefined;
  }
  return undefined;
}

const REBALANCE_ERRORS = new Set([
  'REBALANCE_IN_PROGRESS',
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
  'NOT_COORDINATOR_FOR_GROUP',
]);

/** How long a consumer waits for its topic to be auto-created (Apache Kafka answers UNKNOWN_TOPIC_OR_PARTITION meanwhile). */
const TOPIC_CREATION_MS = 15_000;

function beingCreated(error: unknown): boolean {
  const type = causeType(error);
  return type === 'UNKNOWN_TOPIC_OR_PARTITION' || type === 'LEADER_NOT_AVAILABLE';
}

/** Connects a kafkajs consumer of `topic` as `group`. */
export async function openKafkaConsumer(options: KafkaConsumerOptions): Promise<Consumer> {
  const consumer = kafkaClient(options.brokers).consumer({
    groupId: options.group,
    maxWaitTimeInMs: options.maxWaitTimeInMs ?? 100,
    sessionTimeout: options.sessionTimeout ?? 10_000,
    rebalanceTimeout: options.rebalanceTimeout ?? 10_000,
    heartbeatInterval: options.heartbeatInterval ?? 1_000,
  });
  try {
    await consumer.connect();
    // a topic that does not exist yet is being auto-created by the metadata request: ask again meanwhile
    const deadline = Date.now() + TOPIC_CREATION_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        await consumer.subscribe({ topics: [options.topic], fromBeginning: options.offset === 'earliest' });
        break;
      } catch (error) {
        if (!beingCreated(error) || Date.now() >= deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** attempt, 1000)));
      }
    }
  } catch (error) {
    await consumer.disconnect().catch(() => undefined);
    throw kafkaError(`cannot consume ${options.topic} from ${options.brokers.join(',')}`, error);
  }
  let finish: ((error?: unknown) => void) | null = null;
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= consumer.disconnect().catch(() => undefined);
    return stopping;
  };
  let rejoin: (() => void) | null = null;
  let rejoins = 0;
  const gaps = new OffsetGaps();
  consumer.on(consumer.events.GROUP_JOIN, () => gaps.forget());
  consumer.on(consumer.events.CRASH, (event) => {
    if (event.payload.restart) return;
    // kafkajs gives up on group errors it deems final; a fresh join is the cure for these (see below)
    if (stopping === null && rejoin !== null && rejoins < MAX_REJOINS && groupError(event.payload.error)) {
      rejoins++;
      return rejoin();
    }
    finish?.(kafkaError(`consumer of ${options.topic} crashed`, event.payload.error));
  });

  return {
    run(onBatch: (batch: PartitionBatch) => Promise<void>) {
      if (finish !== null) throw new Error('this consumer is already running');
      const done = new Promise<void>((resolve, reject) => {
        finish = (error) => (error === undefined ? resolve() : reject(error));
      });
      const config: ConsumerRunConfig = {
        autoCommit: false,
        partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
        eachBatch: async ({ batch, isRunning, isStale }) => {
          if (!isRunning() || isStale() || batch.messages.length === 0) return;
          const { topic, partition } = batch;
          const verdict = gaps.check(topic, partition, Number(batch.firstOffset() ?? batch.messages[0]!.offset));
          if (!verdict.take) {
            consumer.seek({ topic, partition, offset: String(verdict.seek) });
            return;
          }
          const records = batch.messages.map((m) => fromKafkaMessage(topic, partition, m));
          try {
            await onBatch({ topic, partition, records });
            gaps.handed(topic, partition, Number(batch.lastOffset()));
          } catch (error) {
            // nothing of this batch is committed; stop rather than let kafkajs skip past it
            consumer.pause([{ topic: batch.topic }]);
            void stop().then(() => finish?.(error));
          }
        },
      };
      rejoin = () => {
        // the crashed kafkajs consumer has disconnected; `run` joins the group afresh
        consumer.run(config).catch((error: unknown) => finish?.(kafkaError(`cannot consume ${options.topic}`, error)));
      };
      rejoin();
      return done;
    },
    // the group's offsets only matter to the next member to join: a commit may trail the fetches
    commitBehind: true,
    async commit(topic, partition, nextOffset) {
      const deadline = Date.now() + COMMIT_RETRY_MS;
      for (let attempt = 0; ; attempt++) {
        try {
          await consumer.commitOffsets([{ topic, partition, offset: String(nextOffset) }]);
          return;
        } catch (error) {
          // the partition may be moving to another member: it re-reads from the last commit (at-least-once)
          if (lostByRebalance(error)) return;
          // a later commit of this partition covers this one once the group found its new coordinator
          if (coordinatorGone(error)) return;
          const failure = kafkaError(`cannot commit ${topic}[${partition}] at ${nextOffset}`, error);
          // the group coordinator's broker may be restarting: kafkajs does not retry commits itself
          if (!unreachable(error) || stopping !== null || Date.now() >= deadline) throw failure;
          await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** attempt, 2000)));
        }
      }
    },
    async stop() {
      await stop();
      finish?.();
    },
  };
}
