import type { SinkMessage } from '../../bus/emulator/types.js';
import { ConfluxError } from '../../bus/errors.js';
import { compileTransform } from '../transformers/compile.js';

/** A compiled field spec: event in, the field's texts out (see functions/transformers/compile.ts). */
export type FieldRenderer = (message: SinkMessage) => Promise<string[]>;

/** A sink's field specs, compiled once: one renderer a field, and `close` for what they hold (FUNCTION workers). */
export interface CompiledFields {
  renderers: Record<string, FieldRenderer>;
  close(): Promise<void>;
}

/**
 * Compiles each field spec (header name → spec, `routingKey` → spec, …) once, relative to
 * `baseDir`. DESIGN.md: "Sink fields other than the payload … take a transform spec each".
 *
 * @example const fields = compileFields({ 'x-id': { form: 'JSONPATH', value: '$.id' } }, '.'); await fields.renderers['x-id'](message)
 */
export function compileFields(specs: Record<string, unknown>, baseDir: string): CompiledFields {
  const transforms = Object.entries(specs).map(([name, spec]) => [name, compileTransform(spec, { baseDir })] as const);
  const renderers: Record<string, FieldRenderer> = {};
  for (const [name, transform] of transforms) renderers[name] = (message) => transform(message.event);
  return {
    renderers,
    close: async () => {
      await Promise.all(transforms.map(([, transform]) => transform.close()));
    },
  };
}

/**
 * Renders one field for one message; a field must give exactly one text, else a permanent
 * `<sink>.field` error naming the field's config path.
 *
 * @example await renderSingle(render, message, 'sink.routingKey', 'sink.rabbitmq.field') // 'eu'
 */
export async function renderSingle(
  render: FieldRenderer,
  message: SinkMessage,
  path: string,
  code: string,
): Promise<string> {
  const outputs = await render(message);
  if (outputs.length !== 1) {
    throw new ConfluxError(code, `${path} must render to exactly one value (got ${outputs.length})`, { path });
  }
  return outputs[0]!;
}

/** Renders every named field of a map (headers) for one message, each exactly one text, under `<path>.<name>`. */
export async function renderMap(
  renderers: Record<string, FieldRenderer>,
  message: SinkMessage,
  path: string,
  code: string,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [name, render] of Object.entries(renderers)) {
    out[name] = await renderSingle(render, message, `${path}.${name}`, code);
  }
  return out;
}
