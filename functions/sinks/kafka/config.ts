import { z } from 'zod';
import { brokers, oneOf, optional, specMap, topicName, transformSpec } from '../../shared/config-fields.js';

/**
 * The Kafka sink: produces each payload as a record value to `topic`.
 * @example sink: { type: kafka, topic: orders-out, key: $.data.value.id, acks: all }
 */
export const kafkaSinkConfig = z
  .strictObject({
    type: z.literal('kafka'),
    topic: topicName().describe('The topic records are produced to.'),
    brokers: optional(brokers()),
    key: optional(transformSpec('The record key, rendered from each event; omitted: no key (round-robin partitions).')),
    headers: optional(specMap('Record headers: header name → transform spec.')),
    acks: oneOf([0, 1, 'all'])
      .default('all')
      .describe('How many replicas must acknowledge a write: 0, 1 or all (default all).'),
    compression: oneOf(['none', 'gzip']).default('none').describe('Batch compression: none (default) or gzip.'),
  })
  .describe('Produces each payload as a record to a Kafka topic (the embedded bus when brokers are omitted).');

/** The Kafka sink's settings after defaults. */
export type KafkaSinkConfig = z.output<typeof kafkaSinkConfig>;
