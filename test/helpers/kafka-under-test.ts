/**
 * Each Kafka suite runs twice: on librdkafka's mock cluster (kcat) and on the real Apache Kafka broker
 * the test run shares (test/helpers/real-kafka.ts). The body sees which, to create topics with exact
 * partition counts (the real admin API) or rely on the mock's auto-created 4.
 *
 * @example describeKafka('the Kafka sink', (kafka) => { it('…', async () => { await kafka.createTopic(t, 4); … kafka.brokers() … }); });
 */
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { type KafkaMock, startKafkaMock } from './kafka-mock.js';
import { waitFor } from './process.js';
import { sharedRealKafka } from './real-kafka.js';

/** The cluster a suite runs on. */
export interface KafkaUnderTest {
  kind: 'mock' | 'real';
  /** Bootstrap servers (call inside a test or hook). */
  brokers(): string[];
  /**
   * Makes `topic` have exactly `partitions` partitions: created through the admin API on the real
   * broker; on the mock, which cannot create topics, auto-creation gives 4 and other counts are refused.
   */
  createTopic(topic: string, partitions: number): Promise<void>;
}

/** Declares `title [mock cluster]` and `title [Apache Kafka]` (skipped, per the globalSetup, without Java). */
export function describeKafka(
  title: string,
  body: (kafka: KafkaUnderTest) => void,
  options: { only?: 'mock' | 'real' } = {},
): void {
  if (options.only !== 'real') describe(`${title} [mock cluster]`, () => body(mockCluster()));
  if (options.only !== 'mock')
    describe.skipIf(inject('realKafkaSkip') !== '')(`${title} [Apache Kafka]`, () => body(realBroker()));
}

function mockCluster(): KafkaUnderTest {
  let mock: KafkaMock | undefined;
  beforeAll(async () => {
    mock = await startKafkaMock();
  });
  afterAll(async () => {
    await mock?.stop();
  });
  return {
    kind: 'mock',
    brokers: () => {
      if (mock === undefined) throw new Error('the mock cluster is not started yet (call brokers() inside a test)');
      return mock.brokers;
    },
    async createTopic(topic, partitions) {
      if (partitions !== 4)
        throw new Error(`the mock cluster auto-creates ${topic} with 4 partitions, not ${partitions}`);
    },
  };
}

function realBroker(): KafkaUnderTest {
  let brokers: string[] | undefined;
  beforeAll(async () => {
    brokers = await sharedRealKafka();
  }, 200_000);
  const list = () => {
    if (brokers === undefined)
      throw new Error('the Apache Kafka broker is not started yet (call brokers() inside a test)');
    return brokers;
  };
  return {
    kind: 'real',
    brokers: list,
    createTopic: (topic, partitions) => createTopicOn(list(), topic, partitions),
  };
}

/**
 * Creates `topic` with exactly `partitions` partitions through the admin API and waits until every
 * partition answers ListOffsets: a leader in the metadata may not host its partition yet, and a send
 * before that fails on some partitions (kafkajs then retries the whole send, doubling the others).
 */
export async function createTopicOn(brokers: string[], topic: string, partitions: number): Promise<void> {
  const admin = new Kafka({ clientId: 'test-admin', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: false });
    // brokers learn of the topic one by one: poll until every partition has a leader that answers
    const hosted = async () => {
      const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
      const found = metadata.topics[0]?.partitions ?? [];
      if (found.length > partitions) throw new Error(`${topic} has ${found.length} partitions, not ${partitions}`);
      if (found.length < partitions || found.some((p) => p.leader < 0)) return false;
      await admin.fetchTopicOffsets(topic);
      return true;
    };
    await waitFor(
      () =>
        hosted().catch((error: unknown) => {
          if (error instanceof Error && error.message.includes('partitions, not')) throw error;
          return false;
        }),
      `the ${partitions} partitions of ${topic} to be hosted`,
      15_000,
      50,
    );
  } finally {
    await admin.disconnect();
  }
}

/** Java's String.hashCode, by which Kafka places a group on a partition of __consumer_offsets. */
function javaHash(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(31, hash) + text.charCodeAt(i)) | 0;
  return hash;
}

/**
 * The node coordinating consumer group `group`: the leader of the group's __consumer_offsets partition
 * (`abs(hashCode(group)) % partitions`, as Kafka places it; kafkajs' admin does not say).
 */
export async function groupCoordinator(brokers: string[], group: string): Promise<number> {
  const admin = new Kafka({ clientId: 'test-admin', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const [offsets] = (await admin.fetchTopicMetadata({ topics: ['__consumer_offsets'] })).topics;
    const partitions = offsets?.partitions ?? [];
    const home = Math.abs(javaHash(group)) % partitions.length;
    const leader = partitions.find((p) => p.partitionId === home)?.leader;
    if (leader === undefined || leader < 0) throw new Error(`no coordinator for ${group} (partition ${home})`);
    return leader;
  } finally {
    await admin.disconnect();
  }
}
