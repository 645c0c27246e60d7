import { z } from 'zod';
import { natsServers, optional, specMap, transformSpec } from '../../shared/config-fields.js';

/**
 * The NATS sink: publishes each payload to a subject rendered from the event.
 * @example sink: { type: nats, servers: ["127.0.0.1:4222"], subject: $.data.value.kind, jetstream: true }
 */
export const natsSinkConfig = z
  .strictObject({
    type: z.literal('nats'),
    servers: natsServers(),
    subject: transformSpec('The subject each payload is published to, rendered from each event.'),
    headers: optional(specMap('Message headers: header name → transform spec.')),
    jetstream: z
      .boolean()
      .default(false)
      .describe('Publish through JetStream and wait for its acknowledgement (default false: core NATS).'),
  })
  .describe('Publishes each payload to NATS (core or JetStream).');

/** The NATS sink's settings after defaults. */
export type NatsSinkConfig = z.output<typeof natsSinkConfig>;
