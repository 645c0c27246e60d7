import { defineSink, type SettingsOf } from '../../shared/settings/connector.js';
import { boolean, list, optional, required, spec, specs, withDefault } from '../../shared/settings/field-table.js';

const fields = {
  servers: withDefault(
    list(1, 'must list at least one server', 'a server address, e.g. "127.0.0.1:4222"'),
    ['127.0.0.1:4222'],
    'The servers to connect to (default ["127.0.0.1:4222"]).',
  ),
  subject: required(spec(), 'The subject each payload is published to, rendered from each event.'),
  headers: optional(specs(), 'Message headers: header name → transform spec.'),
  jetstream: withDefault(
    boolean(),
    false,
    'Publish through JetStream and wait for its acknowledgement (default false: core NATS).',
  ),
};

/**
 * The NATS sink: publishes each payload to a subject rendered from the event.
 * @example sink: { type: nats, servers: ["127.0.0.1:4222"], subject: $.data.value.kind, jetstream: true }
 */
export const natsSink = defineSink({
  type: 'nats',
  doc: 'Publishes each payload to NATS (core or JetStream).',
  example: 'sink: { type: nats, servers: ["127.0.0.1:4222"], subject: $.data.value.kind, jetstream: true }',
  triggers: { lambda: ['kafka'], fc: ['eventbridge'] },
  fields,
  deployedRequires: { field: 'servers', what: 'the NATS servers to publish to' },
});

/** The NATS sink's settings after defaults. */
export type NatsSinkConfig = SettingsOf<'nats', typeof fields>;
