import { ConfluxError } from '../../../bus/errors.js';
import type { SinkMessage } from '../../../bus/task/contract.js';
import { compileTransform } from '../../transformers/compile.js';

/**
 * A compiled field spec: event in, the field's texts out (see functions/transformers/compile.ts);
 * at once for the forms that need not wait, else a promise (await either).
 */
export type FieldRenderer = (message: SinkMessage) => string[] | Promise<string[]>;

/** One compiled sink field (key, subject, topic…) with `close` for what it holds (a FUNCTION worker). */
export interface SinkField extends FieldRenderer {
  close(): Promise<void>;
}

/**
 * Compiles one sink field's transform spec once; `baseDir` resolves FUNCTION handler paths.
 *
 * @example const key = compileSinkField({ form: 'JSONPATH', value: '$.data.value.id' }, '.'); await key(message) // ['1']
 */
export function compileSinkField(spec: unknown, baseDir: string): SinkField {
  const transform = compileTransform(spec, { baseDir });
  return Object.assign((message: SinkMessage) => transform.outputs(message.event), { close: () => transform.close() });
}

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
  for (const [name, transform] of transforms) renderers[name] = (message) => transform.outputs(message.event);
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
export async function renderSingle<T = string>(
  render: (message: SinkMessage) => T[] | Promise<T[]>,
  message: SinkMessage,
  path: string,
  code: string,
): Promise<T> {
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
