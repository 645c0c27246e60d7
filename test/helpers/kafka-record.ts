/** A Kafka record for decoding tests (not a test file itself). */
import type { KafkaRecord } from '../../functions/adapters/kafka-event.js';

/** A record of topic `orders` whose value is `value`'s UTF-8 bytes. */
export const kafkaRecord = (value: string): KafkaRecord => ({
  topic: 'orders',
  partition: 1,
  offset: 7,
  timestamp: 1_764_460_800_000,
  key: Buffer.from('k'),
  value: Buffer.from(value),
  headers: {},
});
