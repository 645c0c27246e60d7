import { z } from 'zod';
import { natsServers, nonEmptyString } from '../../shared/config-fields.js';

/**
 * The NATS source: subscribes to a subject, or consumes a JetStream stream with a durable consumer.
 * @example source: { type: nats, subject: "orders.>", jetstream: { stream: ORDERS, durable: conflux-orders } }
 */
export const natsSourceConfig = z
  .strictObject({
    type: z.literal('nats'),
    servers: natsServers(),
    subject: nonEmptyString('a subject').describe('The subject to subscribe to; * and > wildcards allowed.'),
    queue: nonEmptyString('a queue group name')
      .optional()
      .describe('Core NATS only: a queue group, so several subscribers share the messages.'),
    jetstream: z
      .strictObject({
        stream: nonEmptyString('a stream name').describe('The JetStream stream holding the subject.'),
        durable: nonEmptyString('a consumer name')
          .optional()
          .describe('The durable consumer that keeps the position. Omitted: conflux_<task name>.'),
      })
      .optional()
      .describe(
        'Consume through JetStream (at-least-once, acknowledged after delivery). Omitted: core NATS, at-most-once.',
      ),
  })
  .superRefine(
    (value, ctx) => {
      if (value === null || typeof value !== 'object') return;
      const { queue, jetstream } = value as { queue?: unknown; jetstream?: unknown };
      if (queue !== undefined && jetstream !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['queue'],
          message: 'only applies to core NATS; a JetStream durable consumer is already shared',
        });
      }
    },
    { when: () => true },
  )
  .describe('Receives messages from NATS (core or JetStream).');

/** The NATS source's settings after defaults. */
export type NatsSourceConfig = z.output<typeof natsSourceConfig>;
