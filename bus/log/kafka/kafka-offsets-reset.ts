/**
 * Consumer-group offsets on Kafka through the kafkajs admin client: the committed offsets against the
 * topic's watermarks, and resets. The group must have no member: checked first with DescribeGroups,
 * for an error that names the group and how many members it has. A broker that answers it (Apache
 * Kafka) takes the reset through the admin API; librdkafka's mock cluster, which does not, takes it
 * from a member that joins the group for a moment (about 3 s; see kafka-commit-as-member.ts).
 */
import type { Admin, Kafka } from 'kafkajs';
import { LogError } from '../errors.js';
import {
  chooseOffsets,
  type MovedOffset,
  type PartitionOffsets,
  type PartitionRange,
  type ResetRequest,
} from '../reset-to.js';
import { kafkaClient, kafkaError } from './kafka-client.js';
import { commitAsMember } from './kafka-commit-as-member.js';

async function withAdmin<T>(
  brokers: string[],
  what: string,
  work: (admin: Admin, kafka: Kafka) => Promise<T>,
): Promise<T> {
  const kafka = kafkaClient(brokers);
  const admin = kafka.admin();
  try {
    await admin.connect();
    return await work(admin, kafka);
  } catch (error) {
    throw error instanceof LogError ? error : kafkaError(what, error);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function ranges(admin: Admin, topic: string): Promise<PartitionRange[]> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets
    .map((p) => ({ partition: p.partition, low: Number(p.low), end: Number(p.high) }))
    .sort((a, b) => a.partition - b.partition);
}

async function committed(admin: Admin, group: string, topic: string): Promise<Map<number, number>> {
  const [found] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
  const out = new Map<number, number>();
  for (const p of found?.partitions ?? []) if (Number(p.offset) >= 0) out.set(p.partition, Number(p.offset));
  return out;
}

/** Committed offsets, watermarks and lag of each partition of `topic` for `group` on Kafka. */
export function kafkaGroupOffsets(
  request: { group: string; topic: string },
  brokers: string[],
): Promise<PartitionOffsets[]> {
  const { group, topic } = request;
  return withAdmin(brokers, `cannot read the offsets of ${group} on ${topic}`, async (admin) => {
    const done = await committed(admin, group, topic);
    return (await ranges(admin, topic)).map(({ partition, low, end }) => {
      const at = done.get(partition) ?? null;
      return { partition, committed: at, low, end, lag: Math.max(0, end - Math.max(at ?? low, low)) };
    });
  });
}

/**
 * Throws `log.group-active` when `group` has members: a reset would be overwritten by their commits.
 * Resolves false when the broker does not answer DescribeGroups (the mock cluster), true otherwise.
 */
async function checkNoMembers(admin: Admin, group: string): Promise<boolean> {
  let groups: Awaited<ReturnType<Admin['describeGroups']>>['groups'];
  try {
    ({ groups } = await admin.describeGroups([group]));
  } catch (error) {
    // librdkafka's mock cluster has no DescribeGroups; joining checks for other members instead
    if (error instanceof Error && /does not support the requested API/.test(`${error.message} ${error.cause}`)) {
      return false;
    }
    throw error;
  }
  const found = groups.find((g) => g.groupId === group);
  const members = found?.members.length ?? 0;
  if (members > 0) {
    throw new LogError(
      'log.group-active',
      `consumer group ${group} has ${members} active member${members === 1 ? '' : 's'} (state ${found?.state}): ` +
        'stop or pause the tasks and consumers of this group before resetting its offsets',
      { path: 'group', retriable: true },
    );
  }
  return true;
}

/** Moves the committed offsets of `group` on `topic` on Kafka; see resetOffsets in offsets-reset.ts. */
export function kafkaResetOffsets(request: ResetRequest, brokers: string[]): Promise<MovedOffset[]> {
  const { group, topic, to } = request;
  return withAdmin(brokers, `cannot reset the offsets of ${group} on ${topic}`, async (admin, kafka) => {
    const describes = await checkNoMembers(admin, group);
    let byTime: Map<number, number> | undefined;
    const range = await ranges(admin, topic);
    const chosen = await chooseOffsets(topic, range, to, async (partition, timestamp) => {
      // one ListOffsets round for every partition; kafkajs answers the end where no record is that late
      byTime ??= new Map(
        (await admin.fetchTopicOffsetsByTimestamp(topic, timestamp)).map((p) => [p.partition, Number(p.offset)]),
      );
      return byTime.get(partition) ?? Number.POSITIVE_INFINITY;
    });
    const before = await committed(admin, group, topic);
    if (describes) {
      // Apache Kafka: the admin API commits for an empty group (OffsetCommit outside any generation)
      const partitions = [...chosen].map(([partition, next]) => ({ partition, offset: String(next) }));
      await admin.setOffsets({ groupId: group, topic, partitions });
    } else await commitAsMember(kafka, { group, topic, partitions: range.length }, chosen);
    return [...chosen].map(([partition, next]) => ({ partition, from: before.get(partition) ?? null, to: next }));
  });
}
