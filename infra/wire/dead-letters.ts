import type { DeadLetterStore, StoredDeadLetter } from '../../bus/emulator/factory.js';
import type { CloudEvent } from '../../bus/event.js';
import type { EventLog } from '../../bus/log/types.js';
import type { SinkConfig } from '../config/index.js';

/**
 * Reads dead letters back from where a task stores them. Dead letters in a topic of the embedded
 * bus can be listed (id = `<partition>-<offset>`); other targets are write-only from here.
 */
export function deadLetterStore(target: SinkConfig | undefined, log: EventLog): DeadLetterStore | undefined {
  if (target?.type !== 'kafka' || target.brokers !== undefined) return undefined;
  const { topic } = target;
  return {
    async list(limit) {
      const found: StoredDeadLetter[] = [];
      const partitions = await log.partitions(topic);
      for (let partition = 0; partition < partitions; partition++) {
        const end = await log.endOffset(topic, partition);
        for (let offset = Math.max(0, end - limit); offset < end; ) {
          const records = await log.read(topic, partition, offset, 1000);
          if (records.length === 0) break;
          for (const record of records) {
            found.push({
              id: `${partition}-${record.offset}`,
              deadLetter: JSON.parse(record.value.toString('utf8')) as CloudEvent,
            });
          }
          offset = records.at(-1)!.offset + 1;
        }
      }
      const time = (d: StoredDeadLetter) => String(d.deadLetter.lastattempt ?? '');
      return found.sort((a, b) => time(a).localeCompare(time(b))).slice(-limit);
    },
  };
}
