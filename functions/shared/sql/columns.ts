import type { SinkMessage } from '../../../bus/task/contract.js';
import { compileAccessor, compileUnreadJson } from '../../transformers/accessor.js';
import { parsePath } from '../../transformers/path.js';
import { type CompiledFields, compileFields } from '../task/sink-fields.js';

/** A compiled column spec: the message in, the column's one value out — a text, or `null` for SQL NULL. */
export type ColumnRenderer = (message: SinkMessage) => (string | null)[] | Promise<(string | null)[]>;

/** The compiled columns of a SQL sink, and `close` for what their transforms hold. */
export interface CompiledColumns {
  renderers: Record<string, ColumnRenderer>;
  close(): Promise<void>;
}

/**
 * Compiles each column spec once, like any sink field, with one rule of its own: a JSONPATH
 * column whose path selects JSON `null` writes SQL NULL (the transform would give the text
 * `null`, which a nullable integer or timestamp column refuses, and a text column would keep as
 * a word). The string `"null"` stays text; a path that selects nothing is still an error.
 *
 * @example compileColumns({ note: { form: 'JSONPATH', value: '$.data.value.note' } }, '.').renderers.note(message) // [null] when note is null
 */
export function compileColumns(specs: Record<string, unknown>, baseDir: string): CompiledColumns {
  const fields: CompiledFields = compileFields(specs, baseDir);
  const renderers: Record<string, ColumnRenderer> = {};
  for (const [name, render] of Object.entries(fields.renderers)) {
    const selectsNull = jsonpathNull(specs[name]);
    renderers[name] =
      selectsNull === undefined ? render : (message) => (selectsNull(message.event) ? [null] : render(message));
  }
  return { renderers, close: () => fields.close() };
}

/** Whether a JSONPATH column's path selects JSON null; an unread `data.value` is answered from its text, not parsed. */
function jsonpathNull(spec: unknown): ((event: unknown) => boolean) | undefined {
  const { form, value } = (spec ?? {}) as { form?: unknown; value?: unknown };
  if (form !== 'JSONPATH' || typeof value !== 'string') return undefined;
  const parsed = parsePath(value);
  if (!parsed.ok) return undefined;
  const select = compileAccessor(parsed.keys);
  const unread = compileUnreadJson(parsed.keys);
  if (unread === undefined) return (event) => select(event) === null;
  return (event) => {
    const text = unread(event);
    return text === undefined ? select(event) === null : text === 'null';
  };
}
