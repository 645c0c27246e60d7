/**
 * Commits chosen offsets for a consumer group on Kafka by joining it for a moment, as kafkajs'
 * `admin.setOffsets` does — but without its DescribeGroups call, which librdkafka's mock cluster does
 * not answer. A coordinator accepts commits only from a member of the current generation, so the
 * member joins (paused: it fetches nothing), checks it was handed every partition of the topic (else
 * another member holds some: the group is active), commits, and leaves.
 */
import type { Kafka, Consumer as KafkaConsumer } from 'kafkajs';
import { LogError } from '../errors.js';

/** How long joining may take before giving up (a join takes ~3 s on the mock, up to the rebalance timeout). */
const JOIN_TIMEOUT_MS = 30_000;

const OTHERS = 'stop or pause the tasks and consumers of this group before resetting its offsets';

/** Group errors that, while joining, mean another member leads the group (see kafka-consumer.ts). */
const JOIN_CONFLICTS = new Set(['INVALID_REQUEST', 'REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID']);

function protocolType(error: unknown): string | undefined {
  for (let e = error, depth = 0; typeof e === 'object' && e !== null && depth < 5; depth++) {
    if ('type' in e && typeof e.type === 'string') return e.type;
    e = 'cause' in e ? e.cause : undefined;
  }
  return undefined;
}

/** The member's assignment once it joined; rejects when joining fails for good or takes too long. */
function join(consumer: KafkaConsumer, group: string): { assignment: Promise<Record<string, number[]>>; done(): void } {
  let timer: NodeJS.Timeout | undefined;
  const offs: (() => void)[] = [];
  const assignment = new Promise<Record<string, number[]>>((resolve, reject) => {
    timer = setTimeout(() => {
      reject(new LogError('log.kafka', `could not join ${group} within ${JOIN_TIMEOUT_MS} ms`, { retriable: true }));
    }, JOIN_TIMEOUT_MS);
    offs.push(consumer.on(consumer.events.GROUP_JOIN, (event) => resolve(event.payload.memberAssignment)));
    offs.push(
      consumer.on(consumer.events.CRASH, (event) => {
        if (event.payload.restart) return; // kafkajs joins again by itself
        const { error } = event.payload;
        const type = protocolType(error);
        if (type === undefined || !JOIN_CONFLICTS.has(type)) return reject(error);
        const reason = `joining it failed with ${type}`;
        reject(
          new LogError('log.group-active', `consumer group ${group} has other active members (${reason}): ${OTHERS}`, {
            path: 'group',
            retriable: true,
            cause: error,
          }),
        );
      }),
    );
  });
  return {
    assignment,
    done() {
      clearTimeout(timer);
      for (const off of offs) off();
    },
  };
}

/**
 * Joins `group` as a member subscribed to `topic`, and commits `offsets` (partition → next offset).
 * Throws `log.group-active` when the group handed some of the topic's partitions to another member.
 */
export async function commitAsMember(
  kafka: Kafka,
  request: { group: string; topic: string; partitions: number },
  offsets: Map<number, number>,
): Promise<void> {
  const { group, topic } = request;
  const consumer = kafka.consumer({
    groupId: group,
    sessionTimeout: 6000,
    rebalanceTimeout: 6000,
    heartbeatInterval: 500,
    maxWaitTimeInMs: 100,
  });
  const joining = join(consumer, group);
  joining.assignment.catch(() => undefined); // awaited below; a rejection before that is not unhandled
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    // `run` resolves once joined and synced (or after a crash, which rejects the assignment); it fetches
    // from then on but commits nothing: no autoCommit, nothing resolved
    const running = consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: async () => undefined });
    const [assignment] = await Promise.all([joining.assignment, running]);
    const mine = assignment[topic] ?? [];
    if (mine.length < request.partitions) {
      const held = `they hold ${request.partitions - mine.length} of ${topic}'s ${request.partitions} partitions`;
      throw new LogError('log.group-active', `consumer group ${group} has other active members (${held}): ${OTHERS}`, {
        path: 'group',
        retriable: true,
      });
    }
    const partitions = [...offsets].map(([partition, offset]) => ({ topic, partition, offset: String(offset) }));
    await consumer.commitOffsets(partitions);
  } finally {
    joining.done();
    await consumer.disconnect().catch(() => undefined);
  }
}
