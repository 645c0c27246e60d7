import {
  intRange,
  literal,
  nonEmptyString,
  oneOf,
  refined,
  strictSettings,
  transformSpec,
  url,
} from '../../shared/deployed-settings.js';
import type { RedisSinkConfig } from './config.js';

/** The Redis sink's settings as a deployed function checks them (mirrors config.ts without zod). */
export const redisSettings = refined(
  strictSettings<RedisSinkConfig>({
    type: { check: literal('redis') },
    url: { check: url(['redis', 'rediss']), default: 'redis://127.0.0.1:6379' },
    command: { check: oneOf(['set', 'lpush', 'rpush', 'xadd', 'publish']) },
    key: { check: transformSpec },
    ttlSeconds: { check: intRange(1, 2_147_483_647), optional: true },
    field: { check: nonEmptyString, default: 'payload' },
    maxLength: { check: intRange(1, 2_147_483_647), optional: true },
  }),
  ({ command, ttlSeconds, maxLength }, issues) => {
    if (ttlSeconds !== undefined && command !== 'set')
      issues.push({ path: ['ttlSeconds'], message: `only applies to command set (got ${String(command)})` });
    if (maxLength !== undefined && command !== 'xadd')
      issues.push({ path: ['maxLength'], message: `only applies to command xadd (got ${String(command)})` });
  },
);
