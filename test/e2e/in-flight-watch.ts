/**
 * What a consumer group has in flight on Kafka, watched from outside: per partition, the records
 * written but not yet committed by the group (end offset − committed offset), sampled until stopped.
 * The most ever seen per partition bounds what one redelivery can repeat: a replay starts at the
 * committed offset and runs at most to the end of the log.
 */
import { Kafka, logLevel } from 'kafkajs';

/** A running watch of the most uncommitted records seen per partition. */
export interface InFlightWatch {
  /** The most seen per partition since the start or the last `take`, and starts over. */
  take(): Map<number, number>;
  /** Ends the watch; gives what `take` would, and the records uncommitted at the end (a last look). */
  stop(): Promise<{ most: Map<number, number>; left: number }>;
}

/** Samples `group`'s uncommitted records of `topic` every `everyMs` (a sample failing mid-failover is skipped). */
export async function watchInFlight(
  brokers: string[],
  group: string,
  topic: string,
  everyMs = 100,
): Promise<InFlightWatch> {
  const admin = new Kafka({ clientId: 'in-flight-watch', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  let most = new Map<number, number>();
  const take = () => {
    const taken = most;
    most = new Map();
    return taken;
  };
  let running = true;
  const uncommitted = async () => {
    const [ends, [committed]] = await Promise.all([
      admin.fetchTopicOffsets(topic),
      admin.fetchOffsets({ groupId: group, topics: [topic] }),
    ]);
    const at = new Map((committed?.partitions ?? []).map((p) => [p.partition, Math.max(0, Number(p.offset))]));
    return ends.map(({ partition, high }) => ({ partition, left: Number(high) - (at.get(partition) ?? 0) }));
  };
  const sample = async () => {
    for (const { partition, left } of await uncommitted())
      most.set(partition, Math.max(most.get(partition) ?? 0, left));
  };
  const loop = (async () => {
    while (running) {
      await sample().catch(() => undefined); // a leader or coordinator moving: the next sample
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    take,
    async stop() {
      running = false;
      await loop;
      try {
        const left = (await uncommitted()).reduce((sum, p) => sum + p.left, 0);
        return { most: take(), left };
      } finally {
        await admin.disconnect();
      }
    },
  };
}
