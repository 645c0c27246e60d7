import { z } from 'zod';
import {
  brokers,
  intRange,
  nonEmptyString,
  oneOf,
  transformSpec,
  typeUnion,
} from '../../functions/shared/settings/config-fields.js';
import { describeValue } from '../../functions/shared/settings/config-issues.js';
import { sinkConfigs, sinkTypes } from '../../functions/sinks/index.js';
import { sourceConfigs, sourceTypes } from '../../functions/sources/index.js';
import { DEFAULT_QUOTA, taskDefaults, truncateName } from './defaults.js';
import { LAMBDA_RUNTIMES } from './runtimes.js';

/**
 * The conflux.yaml schema (DESIGN.md "conflux.yaml"), composed from the config schema of every
 * source and sink in the registry. Strict at every level: an unknown key is an error.
 */

/** A task's `sink` (and a dead-letter target): one of the sink configs, told apart by `type`. */
export const sinkSchema = typeUnion('sink', sinkConfigs, sinkTypes);

/** A task's `source`: one of the source configs, told apart by `type`. */
export const sourceSchema = typeUnion('source', sourceConfigs, sourceTypes);

/** `[A-Za-z0-9][A-Za-z0-9-]*`; cut to 127 characters (validate warns when it does). */
export const taskNameSchema = z
  .string({
    error: (issue) =>
      issue.input === undefined ? 'required: a task name' : `must be a task name (got ${describeValue(issue.input)})`,
  })
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, {
    error: (issue) =>
      `must start with a letter or digit and contain only letters, digits and hyphens (got ${describeValue(issue.input)})`,
  })
  .transform(truncateName)
  .describe('The task name: letters, digits and hyphens, starting with a letter or digit; over 127 characters is cut.');

/** An event pattern; checked by the pattern engine for the file's dialect (see validate.ts). */
export type EventPattern = Record<string, unknown>;

const eventPattern = z
  .unknown()
  .transform((value) => value as EventPattern)
  .describe('An event pattern (EventBridge rules); only events it matches reach the transform and sink.');

/** One task: source → filter → transform → sink, with its delivery settings. */
export const taskSchema = z
  .strictObject({
    name: taskNameSchema,
    description: z
      .string()
      .max(255, { error: 'must be at most 255 characters' })
      .optional()
      .describe('What the task is for, in a few words (Alibaba Description, up to 255 characters).'),
    source: sourceSchema,
    filter: eventPattern.optional(),
    transform: transformSpec('What the sink receives from each event (default: ORIGINAL, the whole event).', {
      shorthand: false,
      byDialect: true,
    }).default(taskDefaults.transform),
    sink: sinkSchema,
    dialect: oneOf(['aws', 'alibaba'])
      .optional()
      .describe(
        "The pattern rules this task's filter follows; omitted: the file's dialect. Streams made with Alibaba's API are alibaba.",
      ),
    batch: z
      .strictObject({
        count: intRange(1, 10_000)
          .optional()
          .describe('At most this many events go to the sink in one write (Alibaba CountBasedWindow, 1 to 10,000).'),
        seconds: intRange(0, 15)
          .optional()
          .describe(
            'Longest an event waits for its batch (Alibaba TimeBasedWindow, 0 to 15 s); conflux writes as soon as events are in hand, within this bound.',
          ),
      })
      .optional()
      .describe('Batch window to the sink: by count, by time, or both.'),
    concurrency: intRange(1, 32)
      .default(taskDefaults.concurrency)
      .describe('Parallel lanes (by key hash, so order holds per key): 1 to 32, default 1.'),
    retry: z
      .strictObject({
        policy: oneOf(['BACKOFF_RETRY', 'EXPONENTIAL_DECAY_RETRY'])
          .default(taskDefaults.retry.policy)
          .describe(
            'BACKOFF_RETRY (default): 3 retries 10–20 s apart; EXPONENTIAL_DECAY_RETRY: 176 retries over ≈ 1 day.',
          ),
        timing: oneOf(['documented', 'runtime'])
          .optional()
          .describe(
            "documented (default): the waits Alibaba Cloud documents; runtime: as Alibaba's open-source runtime waits (BACKOFF_RETRY a fixed 10 s; EXPONENTIAL_DECAY_RETRY min(2^(3+n), 512) s).",
          ),
      })
      .default(taskDefaults.retry),
    errors: z
      .strictObject({
        tolerance: oneOf(['ALL', 'NONE'])
          .default(taskDefaults.errors.tolerance)
          .describe('After retries: ALL (default) dead-letters or drops the event and goes on; NONE stops the task.'),
        deadLetter: sinkSchema
          .describe(
            'Where failed events go (tolerance ALL), e.g. {type: kafka, topic: orders-dlq}; any sink type works.',
          )
          .optional(),
      })
      .default(taskDefaults.errors),
    delivery: oneOf(['at-least-once', 'exactly-once'])
      .optional()
      .describe(
        'at-least-once (default), or exactly-once for Kafka → Kafka: records and consumed offsets commit in one Kafka transaction (consumers of the output read read_committed).',
      ),
  })
  .superRefine((task, context) => {
    if (task.delivery !== 'exactly-once') return;
    for (const side of ['source', 'sink'] as const) {
      const part = task[side] as { type: string; brokers?: unknown };
      if (part.type !== 'kafka' || part.brokers === undefined) {
        context.addIssue({
          code: 'custom',
          path: ['delivery'],
          message: `exactly-once needs a Kafka ${side} with brokers (a Kafka transaction), not ${part.type === 'kafka' ? 'the embedded bus' : part.type}`,
        });
      }
    }
  });

/** The whole file. */
export const configSchema = z.strictObject({
  version: z.literal(1, {
    error: (issue) =>
      issue.input === undefined
        ? 'required: 1 (the conflux.yaml format version)'
        : `must be 1 (got ${describeValue(issue.input)})`,
  }),
  quota: intRange(1, 10_000).default(DEFAULT_QUOTA).describe('How many tasks the file may hold (default 20).'),
  dialect: oneOf(['aws', 'alibaba'])
    .default('aws')
    .describe('The event-pattern rules filters are validated by: aws (default) or alibaba (stricter).'),
  kafkaClusters: z
    .record(nonEmptyString('a cluster id'), z.strictObject({ brokers: brokers() }))
    .default({})
    .describe(
      "Kafka clusters by id, e.g. {prod: {brokers: [\"10.0.0.1:9092\"]}}: the InstanceId of Alibaba's Kafka source and sink parameters names one (absent or 'embedded': the embedded bus).",
    ),
  tasks: z.array(taskSchema).default([]).describe('The tasks to run.'),
  deploy: z
    .strictObject({
      runtime: oneOf(LAMBDA_RUNTIMES)
        .optional()
        .describe('The AWS Lambda runtime `conflux package` deploys to: nodejs22.x (default) or nodejs24.x.'),
    })
    .optional()
    .describe('How `conflux package` deploys the tasks (conflux run ignores it).'),
});

/** A validated conflux.yaml with every default filled in. */
export type Config = z.output<typeof configSchema>;
/** One task of a validated conflux.yaml. */
export type TaskConfig = z.output<typeof taskSchema>;
/** A task's source settings. */
export type SourceConfig = z.output<typeof sourceSchema>;
/** A task's sink (or dead-letter) settings. */
export type SinkConfig = z.output<typeof sinkSchema>;
