/**
 * A consumer group on Kafka through kafkajs: `eachBatch` with autoCommit off, so offsets are committed
 * only by `commit` (after the sink acknowledged), and a low `maxWaitTimeInMs` so idle fetches return soon.
 */
import type { ConsumerRunConfig, IHeaders, KafkaMessage } from 'kafkajs';
import { LogError } from '../errors.js';
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
  const given = message.headers;
  for (const name in given) {
    if (!Object.hasOwn(given, name)) continue;
    const text = headerText(given[name]);
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
  return lostByRebalance(error) || coordinatorMoved(error) || causeType(error) === 'INVALID_REQUEST';
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
 * The group's coordinator moved: its broker left the cluster (killed: `Broker N not found in the cached
 * metadata`), or is back but no longer coordinates the group (NOT_COORDINATOR_FOR_GROUP). kafkajs 2.2.4
 * commits through the coordinator its generation joined with (its OffsetManager looks that node up again,
 * never the group's coordinator), so every commit fails like this until the group joins again.
 */
function coordinatorMoved(error: unknown): boolean {
  if (causeType(error) === 'NOT_COORDINATOR_FOR_GROUP') return true;
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

const REBALANCE_ERRORS = new Set(['REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID']);

/**
 * What the batch handler throws to have kafkajs join the group now: its runner answers an error of a
 * rebalance type by joining again with the same member id, which finds the group's current coordinator
 * (and is quick: the coordinator still knows the member). Left alone, kafkajs joins only after its
 * heartbeats to the dead coordinator failed through its retries, and then as a new member, which waits
 * for the old one's session to expire.
 */
function joinAgain(): LogError {
  const error = new LogError('log.kafka', 'the group coordinator moved: joining the group again', { retriable: true });
  return Object.assign(error, { type: 'NOT_COORDINATOR_FOR_GROUP' });
}

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
  /**
   * Commits refused until the group joins again, per partition: the offset after what the sink
   * acknowledged. Refused because the coordinator moved (see coordinatorMoved: only a join makes kafkajs
   * find the new one), or because the member's generation ended (a rebalance, or its session expired
   * while a batch took long). Dropping them instead (a later commit covers them) let the join fetch from
   * the old commit, and the sink got the whole uncommitted stretch again.
   */
  const unsaved = new Map<string, { topic: string; partition: number; offset: number }>();
  /**
   * From a commit the move refused until the next join: each batch handed over meanwhile has kafkajs join
   * at once, and commits wait in `unsaved` untried (kafkajs would retry each against the dead coordinator
   * for seconds, holding the batch, ~25 s with its default retry timings).
   */
  let coordinatorLost = false;
  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    gaps.forget();
    coordinatorLost = false;
    const held = event.payload.memberAssignment;
    const saving: { topic: string; partition: number; offset: number }[] = [];
    for (const [key, waiting] of unsaved) {
      // a partition handed to another member is no longer this one's to commit: that one reads from the last commit
      if (!(held[waiting.topic] ?? []).includes(waiting.partition)) unsaved.delete(key);
      else {
        // called inside kafkajs' join, before it fetches from the committed offset: nothing acknowledged comes again
        consumer.seek({ topic: waiting.topic, partition: waiting.partition, offset: String(waiting.offset) });
        saving.push(waiting);
      }
    }
    // kafkajs ignores commits until its runner runs again, right after the join returns
    if (saving.length > 0)
      setImmediate(() => {
        for (const { topic, partition, offset } of saving) void commit(topic, partition, offset).catch(() => undefined);
      });
  });
  consumer.on(consumer.events.CRASH, (event) => {
    if (event.payload.restart) return;
    // kafkajs gives up on group errors it deems final; a fresh join is the cure for these (see below)
    if (stopping === null && rejoin !== null && rejoins < MAX_REJOINS && groupError(event.payload.error)) {
      rejoins++;
      return rejoin();
    }
    finish?.(kafkaError(`consumer of ${options.topic} crashed`, event.payload.error));
  });

  async function commit(topic: string, partition: number, nextOffset: number): Promise<void> {
    const key = `${topic}\u0000${partition}`;
    const keep = () => {
      if ((unsaved.get(key)?.offset ?? -1) < nextOffset) unsaved.set(key, { topic, partition, offset: nextOffset });
    };
    if (coordinatorLost) return keep();
    const deadline = Date.now() + COMMIT_RETRY_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        await consumer.commitOffsets([{ topic, partition, offset: String(nextOffset) }]);
        if ((unsaved.get(key)?.offset ?? Infinity) <= nextOffset) unsaved.delete(key);
        return;
      } catch (error) {
        // kafkajs joins again by itself (its next heartbeat hears of the rebalance); kept for that join
        if (lostByRebalance(error)) return keep();
        if (coordinatorMoved(error)) {
          // kept for the join the batch handler asks for (see `unsaved`)
          coordinatorLost = true;
          return keep();
        }
        const failure = kafkaError(`cannot commit ${topic}[${partition}] at ${nextOffset}`, error);
        // the group coordinator's broker may be restarting: kafkajs does not retry commits itself
        if (!unreachable(error) || stopping !== null || Date.now() >= deadline) throw failure;
        await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** attempt, 2000)));
      }
    }
  }

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
            return;
          }
          if (coordinatorLost && isRunning()) {
            // this batch was handed over: fetch on after it, whether kafkajs joins or fetches again
            consumer.seek({ topic, partition, offset: String(Number(batch.lastOffset()) + 1) });
            throw joinAgain();
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
    commit,
    async stop() {
      await stop();
      finish?.();
    },
  };
}
