import { TransformFailedError } from '../errors.js';

/**
 * `${name}` substitution as the `alibaba` dialect's TEMPLATE does it (Alibaba's engine uses Apache
 * Commons Text's StringSubstitutor with its defaults): a variable with no value stays as written,
 * `$${x}` is the literal `${x}`, `${x:-fallback}` gives `fallback` when x has no value, and a
 * value's own `${…}` are substituted in turn (a loop is an error, as Commons Text has it).
 *
 * @example substitute('${a} ${b:-none} $${a} ${c}', new Map([['a', '1']])) // '1 none ${a} ${c}'
 */
export function substitute(text: string, values: ReadonlyMap<string, string>): string {
  return expand(text, values, []);
}

function expand(text: string, values: ReadonlyMap<string, string>, resolving: string[]): string {
  let out = '';
  let i = 0;
  for (;;) {
    const start = text.indexOf('${', i);
    if (start === -1) return out + text.slice(i);
    if (start > i && text[start - 1] === '$') {
      // `$${…}`: the escape character is dropped, the variable is kept as written.
      out += `${text.slice(i, start - 1)}\${`;
      i = start + 2;
      continue;
    }
    const end = text.indexOf('}', start + 2);
    if (end === -1) return out + text.slice(i);
    out += text.slice(i, start);
    const inner = text.slice(start + 2, end);
    const split = inner.indexOf(':-');
    const name = split === -1 ? inner : inner.slice(0, split);
    const value = values.get(name) ?? (split === -1 ? undefined : inner.slice(split + 2));
    if (value === undefined) out += text.slice(start, end + 1);
    else {
      if (resolving.includes(name)) {
        throw new TransformFailedError(
          'transform.template-loop',
          `template variables refer to each other in a loop: ${[...resolving, name].join(' → ')}`,
        );
      }
      out += expand(value, values, [...resolving, name]);
    }
    i = end + 1;
  }
}
