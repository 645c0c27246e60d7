import type { SinkMessage } from '../../bus/emulator/types.js';
import { ConfluxError } from '../../bus/errors.js';
import { compileTransform } from '../transformers/compile.js';

/** A compiled sink field (key, subject, topic, a header…): event in, the field's texts out; `close` frees FUNCTION workers. */
export interface SinkField {
  (message: SinkMessage): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * Compiles a sink field's transform spec once; `baseDir` resolves FUNCTION handler paths.
 *
 * @example const key = compileSinkField({ form: 'JSONPATH', value: '$.data.value.id' }, '.'); await key(message) // ['1']
 */
export function compileSinkField(spec: unknown, baseDir: string): SinkField {
  const transform = compileTransform(spec, { baseDir });
  return Object.assign((message: SinkMessage) => transform(message.event), { close: () => transform.close() });
}

/**
 * Renders one field of one message; a spec that gives no value or several is a permanent
 * `code` error naming the field's config path (`sink.key`): a retry would render the same.
 *
 * @example await renderOneValue(key, message, 'sink.key', 'sink.redis.field') // '1'
 */
export async function renderOneValue(
  field: (message: SinkMessage) => Promise<string[]>,
  message: SinkMessage,
  path: string,
  code: string,
): Promise<string> {
  const outputs = await field(message);
  if (outputs.length !== 1) {
    throw new ConfluxError(code, `${path} must render to exactly one value (got ${outputs.length})`, { path });
  }
  return outputs[0]!;
}
