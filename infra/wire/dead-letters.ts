import type { DeadLetterStore, StoredDeadLetter } from '../../bus/emulator/factory.js';
import type { CloudEvent } from '../../bus/event.js';
import { readKafkaTopic } from '../../bus/log/kafka-read.js';
import type { EventLog, StoredRecord } from '../../bus/log/types.js';
import type { SinkConfig } from '../config/index.js';

/**
 * Reads dead letters back from where a task stores them: a topic of the embedded bus, or a Kafka
 * topic (`brokers` given). Each is listed with id `<partition>-<offset>`, oldest first by last
 * attempt. Other dead-letter targets (a database, an HTTP endpoint…) are write-only from here.
 */
export function deadLetterStore(target: SinkConfig | undefined, log: EventLog): DeadLetterStore | undefined {
  if (target?.type !== 'kafka') return undefined;
  const { topic, brokers } = target;
  const read =
    brokers === undefined
      ? (last: number) => readEmbedded(log, topic, last)
      : (last: number) => readKafkaTopic(brokers, topic, { last });
  return {
    async list(limit) {
      const found = (await read(limit)).map(
        (record): StoredDeadLetter => ({
          id: `${record.partition}-${record.offset}`,
          deadLetter: JSON.parse(record.value.toString('utf8')) as CloudEvent,
        }),
      );
      const time = (d: StoredDeadLetter) => String(d.deadLetter.lastattempt ?? '');
      return found.sort((a, b) => time(a).localeCompare(time(b))).slice(-limit);
    },
  };
}

/** The newest `last` records of each partition of an embedded topic. */
async function readEmbedded(log: EventLog, topic: string, last: number): Promise<StoredRecord[]> {
  const found: StoredRecord[] = [];
  const partitions = await log.partitions(topic);
  for (let partition = 0; partition < partitions; partition++) {
    const end = await log.endOffset(topic, partition);
    for (let offset = Math.max(0, end - last); offset < end; ) {
      const records = await log.read(topic, partition, offset, 1000);
      if (records.length === 0) break;
      found.push(...records);
      offset = records.at(-1)!.offset + 1;
    }
  }
  return found;
}
