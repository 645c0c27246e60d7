/**
 * Whether JSON text is already exactly what `JSON.stringify(JSON.parse(text))` gives back, so
 * it can be handed on as the compact JSON of its value without parsing and serialising it again.
 *
 * One pass over the text, in one function with its state in locals (the cost is per character:
 * nested calls and shared variables made it slower than JSON.parse). It answers `false` whenever
 * it is not sure: whitespace, escapes JSON.stringify would not write (`\/`, `\u0041`), numbers
 * in another spelling (`1.50`, `1e3`, `-0`), duplicate keys (the last one wins in a parse), keys
 * made of digits (V8 lists them first), invalid JSON. `false` only means "parse it": the
 * caller's slow path is always right.
 *
 * @example isCompactJson('{"a":[1,"x"]}') // true
 * @example isCompactJson('{"a": 1}')      // false: the space
 */
export function isCompactJson(text: string): boolean {
  const n = text.length;
  /** Open containers, innermost last: OBJECT or ARRAY. */
  const open: number[] = [];
  /** Where each open object's keys start in `keys`. */
  const firstKey: number[] = [];
  /** Start and end of every key of the open objects, two numbers a key; the first `keys.count` hold. */
  const keys: Keys = { spans: [], count: 0 };
  /** Without these, a string ends at the next quote: found natively, not character by character. */
  const plain = text.indexOf('\\') === -1 && !CONTROL_OR_SURROGATE.test(text);
  let i = 0;
  for (;;) {
    // A value starts at i.
    let c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = plain ? text.indexOf('"', i + 1) + 1 : stringEnd(text, i + 1, n);
      if (i <= 0) return false;
    } else if (c === MINUS || (c >= ZERO && c <= NINE)) {
      i = numberEnd(text, i);
      if (i < 0) return false;
    } else if (c === 0x7b || c === 0x5b) {
      i++;
      const close = c === 0x7b ? 0x7d : 0x5d;
      if (text.charCodeAt(i) === close) i++;
      else if (c === 0x5b) {
        open.push(ARRAY);
        continue;
      } else {
        open.push(OBJECT);
        firstKey.push(keys.count);
        i = keyEnd(text, i, n, plain, keys, firstKey[firstKey.length - 1]!);
        if (i < 0) return false;
        continue;
      }
    } else if (text.startsWith('true', i)) i += 4;
    else if (text.startsWith('false', i)) i += 5;
    else if (text.startsWith('null', i)) i += 4;
    else return false;
    // After a value: a comma, or the end of containers.
    for (;;) {
      if (open.length === 0) return i === n;
      const inObject = open[open.length - 1] === OBJECT;
      c = text.charCodeAt(i++);
      if (c === 0x2c) {
        if (inObject) {
          i = keyEnd(text, i, n, plain, keys, firstKey[firstKey.length - 1]!);
          if (i < 0) return false;
        }
        break;
      }
      if (c !== (inObject ? 0x7d : 0x5d)) return false;
      open.pop();
      if (inObject) keys.count = firstKey.pop()!;
    }
  }
}

interface Keys {
  spans: number[];
  count: number;
}

/**
 * Besides a backslash (found with indexOf, far faster), what makes a string need more than a
 * search for its closing quote: a control character or a surrogate. Built from its code points,
 * since a literal would have to spell control characters.
 */
const CONTROL_OR_SURROGATE = new RegExp(
  `[${String.fromCharCode(0)}-${String.fromCharCode(0x1f)}${String.fromCharCode(0xd800)}-${String.fromCharCode(0xdfff)}]`,
);
const OBJECT = 1;
const ARRAY = 2;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;
/** Up to this many digits, a plain decimal is the shortest spelling of its double. */
const EXACT_DIGITS = 15;

/**
 * A key at i and its colon: the index after the colon, or -1. Canonical spelling makes equal
 * keys equal spans, so a duplicate is found by comparing spans of the same object.
 */
function keyEnd(text: string, i: number, n: number, plain: boolean, keys: Keys, from: number): number {
  if (text.charCodeAt(i) !== QUOTE) return -1;
  const start = i + 1;
  const end = (plain ? text.indexOf('"', start) + 1 : stringEnd(text, start, n)) - 1;
  if (end < 0 || text.charCodeAt(end + 1) !== 0x3a) return -1;
  const length = end - start;
  let digits = length > 0;
  for (let k = start; digits && k < end; k++) {
    const d = text.charCodeAt(k);
    digits = d >= ZERO && d <= NINE;
  }
  if (digits) return -1; // keys like "12" are array indexes to V8, which lists them first
  const { spans } = keys;
  for (let k = from; k < keys.count; k += 2) {
    const other = spans[k]!;
    if (spans[k + 1]! - other !== length) continue;
    let j = 0;
    while (j < length && text.charCodeAt(other + j) === text.charCodeAt(start + j)) j++;
    if (j === length) return -1;
  }
  spans[keys.count++] = start;
  spans[keys.count++] = end;
  return end + 2;
}

/** The index after the closing quote of a string whose content starts at i, or -1. */
function stringEnd(text: string, i: number, n: number): number {
  while (i < n) {
    const c = text.charCodeAt(i++);
    if (c === QUOTE) return i;
    if (c === BACKSLASH) {
      i = escapeEnd(text, i);
      if (i < 0) return -1;
    } else if (c < 0x20) return -1;
    else if (c >= 0xd800 && c <= 0xdfff) {
      const next = text.charCodeAt(i);
      if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return -1; // a lone surrogate is escaped
      i++;
    }
  }
  return -1;
}

/** After a backslash: `\" \\ \b \f \n \r \t`, or `\u00xx` (lower-case hex) for another control character. */
function escapeEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === QUOTE || c === BACKSLASH || c === 0x62 || c === 0x66 || c === 0x6e || c === 0x72 || c === 0x74)
    return i + 1;
  if (c !== 0x75 || !text.startsWith('00', i + 1)) return -1;
  const hex = text.slice(i + 3, i + 5);
  if (!/^[01][0-9a-f]$/.test(hex)) return -1;
  const code = Number.parseInt(hex, 16);
  return code === 0x08 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d ? -1 : i + 5;
}

/** The index after a number spelt as `String(Number(text))` spells it, or -1. */
function numberEnd(text: string, start: number): number {
  let i = start;
  const negative = text.charCodeAt(i) === MINUS;
  if (negative) i++;
  const intStart = i;
  if (text.charCodeAt(i) === ZERO) i++;
  else i = digitsEnd(text, i);
  const intDigits = i - intStart;
  if (intDigits === 0) return -1;
  const zeroInt = intDigits === 1 && text.charCodeAt(intStart) === ZERO;
  let fractionDigits = 0;
  if (text.charCodeAt(i) === 0x2e) {
    const fractionStart = i + 1;
    i = digitsEnd(text, fractionStart);
    fractionDigits = i - fractionStart;
    if (fractionDigits === 0 || text.charCodeAt(i - 1) === ZERO) return -1; // 1.50 is written 1.5
    // below 1e-6 a number is written with an exponent
    if (zeroInt && text.startsWith('000000', fractionStart)) return -1;
  }
  const e = text.charCodeAt(i);
  if (e === 0x65 || e === 0x45) {
    i++;
    const sign = text.charCodeAt(i);
    if (sign === 0x2b || sign === MINUS) i++;
    const exponentStart = i;
    i = digitsEnd(text, i);
    return i > exponentStart && sameSpelling(text, start, i) ? i : -1;
  }
  if (zeroInt && fractionDigits === 0) return negative ? -1 : i; // -0 is written 0
  if ((zeroInt ? 0 : intDigits) + fractionDigits <= EXACT_DIGITS || sameSpelling(text, start, i)) return i;
  return -1;
}

function digitsEnd(text: string, i: number): number {
  for (let c = text.charCodeAt(i); c >= ZERO && c <= NINE; c = text.charCodeAt(++i));
  return i;
}

function sameSpelling(text: string, start: number, end: number): boolean {
  const number = text.slice(start, end);
  return String(Number(number)) === number;
}
