import { configSchema } from '../../shared/settings/field-zod.js';
import { type KafkaSourceConfig, kafkaSource } from './connector.js';

export type { KafkaSourceConfig } from './connector.js';

/** The Kafka source's conflux.yaml schema, generated from its field table (connector.ts). */
export const kafkaSourceConfig = configSchema(kafkaSource);

/** A Kafka source's consumer group: its name, and whether it must exist already (have committed offsets). */
export interface ConsumerGroup {
  name: string;
  existing: boolean;
}

/**
 * The consumer group of a Kafka source in one shape, `fallback` when none is given.
 * @example consumerGroupOf({ consumerGroup: { name: 'GID_a', existing: true } }, 'GID_x') // {name: 'GID_a', existing: true}
 */
export function consumerGroupOf(source: Pick<KafkaSourceConfig, 'consumerGroup'>, fallback: string): ConsumerGroup {
  const group = source.consumerGroup;
  if (group === undefined) return { name: fallback, existing: false };
  return typeof group === 'string'
    ? { name: group, existing: false }
    : { name: group.name, existing: group.existing === true };
}
