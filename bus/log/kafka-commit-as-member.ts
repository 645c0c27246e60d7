/**
 * Commits chosen offsets for a consumer group on Kafka by joining it for a moment, as kafkajs'
 * `admin.setOffsets` does — but without its DescribeGroups call, which librdkafka's mock cluster does
 * not answer. A coordinator accepts commits only from a member of the current generation, so the
 * member joins (paused: it fetches nothing), checks it was handed every partition of the topic (else
 * another member holds some: the group is active), commits, and leaves.
 */
import type { Kafka, Consumer as KafkaConsumer } from 'kafkajs';
import { LogError } from './errors.js';

/** How long joining may take before giving up (a join takes ~3 s on the mock, up to the rebalance timeout). */
const JOIN_TIMEOUT_MS = 30_000;

function joined(consumer: KafkaConsumer, timeoutMs: number): Promise<Record<string, number[]>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new LogError('log.kafka', `could not join the group within ${timeoutMs} ms`, { retriable: true }));
    }, timeoutMs);
    const off = consumer.on(consumer.events.GROUP_JOIN, (event) => {
      clearTimeout(timer);
      off();
      resolve(event.payload.memberAssignment);
    });
  });
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
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const assignment = joined(consumer, JOIN_TIMEOUT_MS);
    const crashed = new Promise<never>((_, reject) => {
      consumer.on(consumer.events.CRASH, (event) => reject(event.payload.error));
    });
    crashed.catch(() => undefined); // seen by the race below; a crash after it is of no interest
    await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: async () => undefined });
    consumer.pause([{ topic }]);
    const mine = (await Promise.race([assignment, crashed]))[topic] ?? [];
    if (mine.length < request.partitions) {
      throw new LogError(
        'log.group-active',
        `consumer group ${group} has other active members (they hold ${request.partitions - mine.length} of ` +
          `${topic}'s ${request.partitions} partitions): stop or pause the tasks and consumers of this group ` +
          'before resetting its offsets',
        { path: 'group', retriable: true },
      );
    }
    const partitions = [...offsets].map(([partition, offset]) => ({ topic, partition, offset: String(offset) }));
    await consumer.commitOffsets(partitions);
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
}
