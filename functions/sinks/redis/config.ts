import { z } from 'zod';
import { intRange, nonEmptyString, oneOf, transformSpec, url } from '../../shared/config-fields.js';

/**
 * The Redis sink: one command per payload, the key rendered from the event.
 * @example sink: { type: redis, command: set, key: $.data.value.id, ttlSeconds: 3600 }
 */
export const redisSinkConfig = z
  .strictObject({
    type: z.literal('redis'),
    url: url(['redis', 'rediss'])
      .default('redis://127.0.0.1:6379')
      .describe('The server (default redis://127.0.0.1:6379).'),
    command: oneOf(['set', 'lpush', 'rpush', 'xadd', 'publish']).describe(
      'set: key = payload; lpush/rpush: push onto the list at key; xadd: append to the stream at key; publish: send to the channel key.',
    ),
    key: transformSpec('The key (for publish: the channel), rendered from each event.'),
    ttlSeconds: intRange(1, 2_147_483_647).optional().describe('set only: expire the key after this many seconds.'),
    field: nonEmptyString('a field name')
      .default('payload')
      .describe('xadd only: the stream entry field holding the payload (default payload).'),
    maxLength: intRange(1, 2_147_483_647)
      .optional()
      .describe('xadd only: trim the stream to about this many entries (MAXLEN ~).'),
  })
  .superRefine(
    (value, ctx) => {
      if (value === null || typeof value !== 'object') return;
      const { command, ttlSeconds, maxLength } = value as {
        command?: unknown;
        ttlSeconds?: unknown;
        maxLength?: unknown;
      };
      if (ttlSeconds !== undefined && command !== 'set') {
        ctx.addIssue({
          code: 'custom',
          path: ['ttlSeconds'],
          message: `only applies to command set (got ${String(command)})`,
        });
      }
      if (maxLength !== undefined && command !== 'xadd') {
        ctx.addIssue({
          code: 'custom',
          path: ['maxLength'],
          message: `only applies to command xadd (got ${String(command)})`,
        });
      }
    },
    { when: () => true },
  )
  .describe('Writes each payload to Redis: a string, a list, a stream or a pub/sub channel.');

/** The Redis sink's settings after defaults. */
export type RedisSinkConfig = z.output<typeof redisSinkConfig>;
