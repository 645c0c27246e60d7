import type { ScalarTag, Tags } from 'yaml';
import { JsonNumber } from '../../bus/pattern/index.js';

/** JSON's number grammar: what a JsonNumber is made from. */
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

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

/** YAML's int and float tags with exactNumber's rule for decimal numbers (hex, octal, .inf, .nan as YAML reads them). */
export function exactNumberTags(tags: Tags): Tags {
  return tags.map((tag) => {
    if (typeof tag === 'string' || !isScalarNumberTag(tag)) return tag;
    const resolve = tag.resolve.bind(tag);
    const exact: ScalarTag = {
      ...tag,
      resolve: (source, onError, options) => {
        const plain = source.startsWith('+') ? source.slice(1) : source;
        return JSON_NUMBER.test(plain) ? exactNumber(plain) : resolve(source, onError, options);
      },
    };
    return exact;
  });
}

function isScalarNumberTag(tag: Tags[number]): tag is ScalarTag & { resolve: NonNullable<ScalarTag['resolve']> } {
  return (
    typeof tag === 'object' &&
    'resolve' in tag &&
    typeof tag.resolve === 'function' &&
    (tag.tag === 'tag:yaml.org,2002:int' || tag.tag === 'tag:yaml.org,2002:float') &&
    !('collection' in tag && tag.collection !== undefined)
  );
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
