// Wildcard text → RegExp, with event-ruler's rules (input/WildcardParser.java): `*` is any run
// of characters, `\*` and `\\` are literal, any other backslash and `**` are errors. Positions
// in messages count UTF-8 bytes, as the reference does.

/** The most `*` one wildcard may hold in the `aws` dialect (AWS rejects more as "too complex"). */
export const MAX_WILDCARDS = 5;

/** A parsed wildcard: the regex, or the reason it is invalid. */
export type WildcardResult = { ok: true; regex: RegExp; stars: number } | { ok: false; reason: string };

/** `parseWildcard('a*b')` → `{ok: true, regex: /^a[^]*b$/}`. */
export function parseWildcard(text: string): WildcardResult {
  let source = '^';
  let stars = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '*') {
      if (text[i + 1] === '*')
        return { ok: false, reason: `Consecutive wildcard characters at pos ${bytePos(text, i)}` };
      source += '[^]*';
      stars++;
    } else if (ch === '\\') {
      const next = text[i + 1];
      if (next !== '*' && next !== '\\')
        return { ok: false, reason: `Invalid escape character at pos ${bytePos(text, i)}` };
      source += `\\${next}`;
      i++;
    } else source += ch.replace(/[.+?^${}()|[\]\\/-]/g, '\\$&');
  }
  return { ok: true, regex: new RegExp(`${source}$`), stars };
}

function bytePos(text: string, index: number): number {
  return Buffer.byteLength(text.slice(0, index), 'utf8');
}
