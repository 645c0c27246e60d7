import type { CloudEvent, KafkaEventData } from '../../../bus/event.js';
import { decodeKafkaRecord } from '../../../functions/adapters/kafka-event.js';

/**
 * The workload's events as the Kafka source hands them to a transform: each decoded from a record
 * whose value is the event's `data.value` as compact JSON text, left unread until something looks
 * inside it. Decoding, like parsing the lines, is outside the timing. Only `data` matches the
 * workload's event (ids and times come from the record), so only paths into `data` compare.
 */
export function asKafkaEvents(events: readonly unknown[]): CloudEvent[] {
  return events.map((event) => {
    const data = (event as CloudEvent).data as KafkaEventData;
    return decodeKafkaRecord({
      topic: data.topic,
      partition: data.partition,
      offset: data.offset,
      timestamp: data.timestamp,
      key: data.key === null ? null : Buffer.from(data.key),
      value: Buffer.from(JSON.stringify(data.value)),
      headers: {},
    }).event;
  });
}
