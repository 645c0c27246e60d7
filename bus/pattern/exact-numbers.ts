import { JsonNumber } from './json-number.js';
import { keepsNumbers, parseJsonLossless } from './lossless-json.js';

/** JSON's number grammar: what a JsonNumber is made from. */
export const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * The number a config file spells as `text`, or — when a double cannot hold its decimal meaning
 * (`1e400` is no Infinity, `-1e-400` no -0, `9007199254740993` no 2^53) — a JsonNumber keeping it,
 * so a filter compares it as the pattern contract says. Other numbers stay plain: a field such as
 * `concurrency` never meets a JsonNumber it could not check.
 *
 * @example exactNumber('9007199254740993') // JsonNumber; exactNumber('3.0') // 3
 */
export function exactNumber(text: string): number | JsonNumber {
  if (!JSON_NUMBER.test(text)) return Number(text);
  const number = new JsonNumber(text);
  return number.exact ? number.value : number;
}

/** A JSON document's value with exactNumber's rule applied to every number the text spells inexactly. */
export function withExactNumbers(value: unknown, lossless: unknown): unknown {
  if (lossless instanceof JsonNumber) return exactNumber(lossless.text);
  if (Array.isArray(value) && Array.isArray(lossless)) return value.map((v, i) => withExactNumbers(v, lossless[i]));
  if (value !== null && typeof value === 'object' && lossless !== null && typeof lossless === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value))
      out[key] = withExactNumbers(v, (lossless as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/** A JSON text parsed as JSON.parse does, but with exactNumber's rule for numbers a double cannot hold. */
export function parseJsonExact(text: string): unknown {
  const value: unknown = JSON.parse(text);
  return keepsNumbers(text) ? withExactNumbers(value, parseJsonLossless(text)) : value;
}

/**
 * JSON.stringify that writes a JsonNumber as its own text (`9007199254740993`, `1e-400`), where
 * JSON.stringify would write the nearest double: read back with parseJsonExact, the number means
 * what it meant. (`JSON.rawJSON` does this from Node 21.)
 */
export function stringifyExact(value: unknown, space?: number): string {
  const mark = `\u0000${Math.random().toString(36).slice(2)}:`;
  const text = JSON.stringify(
    value,
    function (this: Record<string, unknown>, key: string, item: unknown) {
      const own = this[key];
      return own instanceof JsonNumber ? `${mark}${own.text}` : item;
    },
    space,
  );
  const quoted = JSON.stringify(mark).slice(1, -1);
  return text
    .split(`"${quoted}`)
    .map((part, i) => (i === 0 ? part : part.replace('"', '')))
    .join('');
}
