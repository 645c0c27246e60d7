/**
 * The log seam: consumers and producers that work the same on the embedded bus and on Kafka.
 *
 * @example const consumer = await openConsumer({ topic: 'orders', group: 'g', offset: 'earliest', log })
 * @example const producer = await openProducer({ brokers: ['127.0.0.1:9092'] })
 */
import { type EmbeddedConsumerOptions, openEmbeddedConsumer } from './embedded/embedded-consumer.js';
import { type KafkaConsumerOptions, openKafkaConsumer } from './kafka/kafka-consumer.js';
import { type KafkaProducerOptions, openKafkaProducer } from './kafka/kafka-producer.js';
import type { Consumer, EventLog, Producer } from './types.js';

export type { EmbeddedLog, EmbeddedLogOptions } from './embedded/embedded.js';
export { openEmbeddedLog } from './embedded/embedded.js';
export { LogError } from './errors.js';
export { partitionForKey } from './murmur2.js';
export type * from './types.js';
export type { EmbeddedConsumerOptions, KafkaConsumerOptions, KafkaProducerOptions };

/** Opens a consumer group on the embedded log (`log`) or on Kafka (`brokers`). */
export function openConsumer(options: EmbeddedConsumerOptions | KafkaConsumerOptions): Promise<Consumer> {
  return 'log' in options ? openEmbeddedConsumer(options) : openKafkaConsumer(options);
}

/** Opens a producer on the embedded log (`log`) or on Kafka (`brokers`). */
export async function openProducer(options: { log: EventLog } | KafkaProducerOptions): Promise<Producer> {
  if ('brokers' in options) return openKafkaProducer(options);
  const { log } = options;
  return { send: (topic, records) => log.append(topic, records), close: async () => undefined };
}
