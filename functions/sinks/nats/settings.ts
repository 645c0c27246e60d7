import {
  boolean,
  listOf,
  literal,
  nonEmptyString,
  specMap,
  strictSettings,
  transformSpec,
} from '../../shared/deployed-settings.js';
import type { NatsSinkConfig } from './config.js';

/** The NATS sink's settings as a deployed function checks them (mirrors config.ts without zod). */
export const natsSettings = strictSettings<NatsSinkConfig>({
  type: { check: literal('nats') },
  servers: { check: listOf(nonEmptyString, 1, 'must list at least one server'), default: ['127.0.0.1:4222'] },
  subject: { check: transformSpec },
  headers: { check: specMap, optional: true },
  jetstream: { check: boolean, default: false },
});
