import { z } from 'zod';
import { brokers, nonEmptyString, oneOf, optional, topicName } from '../../shared/config-fields.js';
import { describeValue } from '../../shared/config-issues.js';

/** `{name, existing}`: a group that must exist already (have committed offsets), or one conflux may create. */
const groupObject = z.strictObject({
  name: nonEmptyString('a consumer group id'),
  existing: z.boolean({ error: (issue) => `must be true or false (got ${describeValue(issue.input)})` }).optional(),
});
const groupName = nonEmptyString('a consumer group id, or {name, existing}');

/** A group name or `{name, existing}`; a mapping is checked key by key, so its problems name the key. */
const consumerGroupSchema = z.unknown().transform((value, ctx): string | z.output<typeof groupObject> => {
  const schema = value !== null && typeof value === 'object' && !Array.isArray(value) ? groupObject : groupName;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const path = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol');
    const message = issue.code === 'unrecognized_keys' ? `unknown key; allowed keys: name, existing` : issue.message;
    const at = issue.code === 'unrecognized_keys' ? [...path, issue.keys[0] ?? ''] : path;
    ctx.addIssue({ code: 'custom', path: at, message, input: value });
  }
  return z.NEVER;
});

/**
 * The Kafka source: consumes `topic` in a consumer group and emits one alikafka CloudEvent per record.
 * @example source: { type: kafka, topic: orders, brokers: ["127.0.0.1:9092"], offset: earliest }
 */
export const kafkaSourceConfig = z
  .strictObject({
    type: z.literal('kafka'),
    topic: topicName().describe('The topic to consume.'),
    brokers: optional(brokers()),
    consumerGroup: consumerGroupSchema
      .optional()
      .describe(
        'The consumer group whose committed offsets the task resumes from: a name, or {name, existing: true} for a group that must already have committed offsets (the task does not start otherwise). Omitted: GID_conflux_<task name>, created on first commit.',
      ),
    offset: oneOf(['earliest', 'latest'])
      .default('latest')
      .describe('Where a group with no committed offset starts: latest (default, new records only) or earliest.'),
    valueFormat: oneOf(['json', 'text', 'binary'])
      .optional()
      .describe(
        'How data.value carries the record value: json (parsed), text, or binary (base64). Omitted: json when the bytes parse as JSON, text otherwise.',
      ),
  })
  .describe('Consumes a Kafka topic (the embedded bus when brokers are omitted).');

/** The Kafka source's settings after defaults (consumerGroup is filled in by the task defaults). */
export type KafkaSourceConfig = z.output<typeof kafkaSourceConfig>;

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
