import type { SinkMessage } from '../../../bus/task/contract.js';
import { renderSingle, type SinkField } from '../../shared/task/sink-fields.js';
import type { RedisSinkConfig } from './config.js';

/** One Redis command: its name and arguments, as `redis.call(name, ...args)` takes them. */
export interface RedisCommand {
  name: 'set' | 'lpush' | 'rpush' | 'xadd' | 'publish';
  args: string[];
}

/** The settings `encode` reads: the command and its options, with the key spec compiled. */
export type RedisEncoding = Pick<RedisSinkConfig, 'command' | 'ttlSeconds' | 'field' | 'maxLength'> & {
  key: SinkField;
};

/**
 * One payload → one Redis command; the key (for publish: the channel) is rendered from the
 * event and must give exactly one value.
 *
 * @example await encode({ event, payload: 'p' }, { command: 'set', key, field: 'payload', ttlSeconds: 60 })
 * // { name: 'set', args: ['k1', 'p', 'EX', '60'] }
 */
export async function encode(message: SinkMessage, encoding: RedisEncoding): Promise<RedisCommand> {
  const key = await renderSingle(encoding.key, message, 'sink.key', 'sink.redis.field');
  const { payload } = message;
  switch (encoding.command) {
    case 'set':
      return {
        name: 'set',
        args: encoding.ttlSeconds === undefined ? [key, payload] : [key, payload, 'EX', String(encoding.ttlSeconds)],
      };
    case 'xadd': {
      const trim = encoding.maxLength === undefined ? [] : ['MAXLEN', '~', String(encoding.maxLength)];
      return { name: 'xadd', args: [key, ...trim, '*', encoding.field, payload] };
    }
    default:
      return { name: encoding.command, args: [key, payload] };
  }
}
