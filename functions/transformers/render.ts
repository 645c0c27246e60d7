import { nothingSelected, TransformFailedError } from './errors.js';

/**
 * A JSONPATH/JSONATA result as the sink receives it: a string raw, anything else compact
 * JSON, nothing selected → an error naming `what` (the path or expression).
 *
 * @example asOutput({ a: 1 }, '$.x') // '{"a":1}'
 */
export function asOutput(value: unknown, what: string): string {
  if (typeof value === 'string') return value;
  if (value === undefined) throw nothingSelected(what);
  return compactJson(value, what);
}

/**
 * A TEMPLATE variable as text: strings raw, numbers/booleans/null as JSON text,
 * objects/arrays compact JSON, nothing selected → `""`.
 *
 * @example templateText(4.5e-7) // '4.5e-7'
 */
export function templateText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return compactJson(value, 'template value');
}

/** `JSON.stringify`, except that a value JSON cannot hold (a function, a symbol) is an error. */
function compactJson(value: unknown, what: string): string {
  const text: string | undefined = JSON.stringify(value);
  if (text === undefined)
    throw new TransformFailedError('transform.not-json', `${what}: result is not JSON (${typeof value})`);
  return text;
}
