import { defineSink, type SettingsOf } from '../../shared/settings/connector.js';
import { integer, oneOf, optional, required, spec, text, url, withDefault } from '../../shared/settings/field-table.js';

const fields = {
  url: withDefault(url(['redis', 'rediss']), 'redis://127.0.0.1:6379', 'The server (default redis://127.0.0.1:6379).'),
  command: required(
    oneOf(['set', 'lpush', 'rpush', 'xadd', 'publish']),
    'set: key = payload; lpush/rpush: push onto the list at key; xadd: append to the stream at key; publish: send to the channel key.',
  ),
  key: required(spec(), 'The key (for publish: the channel), rendered from each event.'),
  ttlSeconds: optional(integer(1, 2_147_483_647), 'set only: expire the key after this many seconds.'),
  field: withDefault(
    text('a field name'),
    'payload',
    'xadd only: the stream entry field holding the payload (default payload).',
  ),
  maxLength: optional(integer(1, 2_147_483_647), 'xadd only: trim the stream to about this many entries (MAXLEN ~).'),
};

/**
 * The Redis sink: one command per payload, the key rendered from the event.
 * @example sink: { type: redis, command: set, key: $.data.value.id, ttlSeconds: 3600 }
 */
export const redisSink = defineSink({
  type: 'redis',
  doc: 'Writes each payload to Redis: a string, a list, a stream or a pub/sub channel.',
  example: 'sink: { type: redis, command: set, key: $.data.value.id, ttlSeconds: 3600 }',
  triggers: { lambda: ['kafka'], fc: ['eventbridge'] },
  fields,
  refine: ({ command, ttlSeconds, maxLength }, issues) => {
    if (ttlSeconds !== undefined && command !== 'set')
      issues.push({ path: ['ttlSeconds'], message: `only applies to command set (got ${String(command)})` });
    if (maxLength !== undefined && command !== 'xadd')
      issues.push({ path: ['maxLength'], message: `only applies to command xadd (got ${String(command)})` });
  },
  deployedRequires: { field: 'url', what: 'the Redis server to write to' },
});

/** The Redis sink's settings after defaults. */
export type RedisSinkConfig = SettingsOf<'redis', typeof fields>;
