/**
 * A regular expression's source rewritten so that every letter matches in both cases, as the `i`
 * flag would: `a` → `[aA]` outside a class, `a` → `aA` and `a-f` → `a-fA-F` inside one. For the
 * linear-time engine, which has no `i` flag. Undefined when the pattern holds something this does
 * not rewrite (a Unicode property, a named backreference, an escape or a range mixing letters and
 * other characters): such a pattern then stays invalid.
 *
 * @example caseless('ab[c-e]+\\d') // '[aA][bB][c-eC-E]+\\d'
 */
export function caseless(source: string): string | undefined {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      const escaped = escapeAt(source, i);
      if (escaped === undefined) return undefined;
      if (inClass && source[i + escaped.length] === '-' && source[i + escaped.length + 1] !== ']') return undefined;
      out += escaped;
      i += escaped.length - 1;
    } else if (inClass) {
      if (c === ']') {
        inClass = false;
        out += c;
      } else if (source[i + 1] === '-' && source[i + 2] !== undefined && source[i + 2] !== ']') {
        const range = rangeBothCases(c, source[i + 2]!);
        if (range === undefined) return undefined;
        out += range;
        i += 2;
      } else out += bothCases(c).join('');
    } else if (c === '[') {
      inClass = true;
      out += c;
      if (source[i + 1] === '^') {
        out += '^';
        i++;
      }
    } else if (c === '(' && source[i + 1] === '?') {
      // (?: (?= (?! (?<= (?<! as they are; a group name (?<name>) is copied, not rewritten
      const named = source[i + 2] === '<' && source[i + 3] !== '=' && source[i + 3] !== '!';
      const end = named ? source.indexOf('>', i) : i + (source[i + 2] === '<' ? 3 : 2);
      if (end < 0) return undefined;
      out += source.slice(i, end + 1);
      i = end;
    } else {
      const cases = bothCases(c);
      out += cases.length > 1 ? `[${cases.join('')}]` : c;
    }
  }
  return out;
}

/** The escape starting at `i` (a backslash), or undefined for those this does not rewrite. */
function escapeAt(source: string, i: number): string | undefined {
  const next = source[i + 1];
  if (next === undefined || next === 'k' || next === 'p' || next === 'P') return undefined;
  const length = next === 'x' ? 4 : next === 'u' ? 6 : next === 'c' ? 3 : 2;
  const escaped = source.slice(i, i + length);
  if (next === 'x' || next === 'u') {
    // a letter written as a code (\x41) would need both cases too
    const char = String.fromCharCode(Number.parseInt(escaped.slice(2), 16));
    if (!/^[0-9A-Fa-f]+$/.test(escaped.slice(2)) || bothCases(char).length > 1) return undefined;
  }
  return escaped;
}

/** A character and, when it has one, its other case (as the `i` flag pairs them: one character each way). */
function bothCases(c: string): string[] {
  const lower = c.toLowerCase();
  const upper = c.toUpperCase();
  const cases = [c];
  for (const other of [lower, upper]) if (other.length === 1 && !cases.includes(other)) cases.push(other);
  return cases;
}

const isLower = (c: string) => c >= 'a' && c <= 'z';
const isUpper = (c: string) => c >= 'A' && c <= 'Z';

/** `a-f` → `a-fA-F`; a range with no ASCII letters as it is; undefined for anything else. */
function rangeBothCases(from: string, to: string): string | undefined {
  if (from === '\\' || to === '\\') return undefined;
  if (isLower(from) && isLower(to)) return `${from}-${to}${from.toUpperCase()}-${to.toUpperCase()}`;
  if (isUpper(from) && isUpper(to)) return `${from}-${to}${from.toLowerCase()}-${to.toLowerCase()}`;
  const [low, high] = [from.charCodeAt(0), to.charCodeAt(0)];
  const touchesLetters = (start: number, end: number) => low <= end && high >= start;
  if (high > 0x7f || touchesLetters(65, 90) || touchesLetters(97, 122)) return undefined;
  return `${from}-${to}`;
}
