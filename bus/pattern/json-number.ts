// JSON numbers by their decimal meaning. Most JSON numbers are written the way JavaScript would
// write their double (`300`, `1.5`): for those a plain `number` is exact. The others — `3.0e2`,
// `-0`, `1e400`, `-1e-400`, `9007199254740993` — keep their text in a JsonNumber, so `1e400` is
// not Infinity, `-1e-400` is not 0 and 2^53 + 1 is not 2^53; and the `alibaba` dialect, which
// compares exact values as JSON text, still sees `3.0e2`.

/** A JSON number whose text is not how JavaScript writes its double. */
export class JsonNumber {
  /** The double nearest the text (may be ±Infinity or ±0). */
  readonly value: number;
  /** Whether `value` means exactly the decimal the text means (`3.0e2`, `-0`: yes; `1e400`: no). */
  readonly exact: boolean;
  /** The decimal meaning, written one way for one value: `3e2`, `-1e-400`, `0`. */
  readonly decimal: string;

  constructor(
    /** The number as the JSON text wrote it. */
    readonly text: string,
  ) {
    this.value = Number(text);
    this.decimal = decimalKey(text);
    this.exact = Number.isFinite(this.value) && decimalKey(String(this.value)) === this.decimal;
  }

  /** As JSON.stringify writes it: the nearest double (JSON has no way to write more from here). */
  toJSON(): number {
    return this.value;
  }

  /** The text as written. */
  toString(): string {
    return this.text;
  }
}

/** A number leaf: a plain double when that is exact and written as JavaScript writes it. */
export type Num = number | JsonNumber;

/**
 * JSON number text → a plain number when `String(Number(text)) === text` (the common case), else a
 * JsonNumber that keeps the text.
 * @example readJsonNumber('300') // 300; readJsonNumber('1e400').decimal // '1e400'
 */
export function readJsonNumber(text: string): Num {
  const value = Number(text);
  if (isPlainSpelling(text)) return value;
  return String(value) === text ? value : new JsonNumber(text);
}

/**
 * A spelling JavaScript writes back unchanged, told without converting the number to text (the
 * router reads every number at a used path): at most 15 significant digits — any such decimal
 * survives a double and back — no exponent, no trailing zero after the point, not below 1e-6
 * (written with an exponent), no `-0`.
 */
function isPlainSpelling(text: string): boolean {
  const n = text.length;
  const start = text.charCodeAt(0) === 45 ? 1 : 0;
  if (n - start > 16 || n === start) return false;
  let point = -1;
  for (let k = start; k < n; k++) {
    const c = text.charCodeAt(k);
    if (c === 46) {
      if (point !== -1) return false;
      point = k;
    } else if (c < 48 || c > 57) return false;
  }
  const leadingZero = text.charCodeAt(start) === 48;
  if (point === -1) return n - start <= 15 && !(leadingZero && (n - start > 1 || start === 1));
  if (point === start || point === n - 1 || text.charCodeAt(n - 1) === 48) return false;
  if (leadingZero) {
    if (point !== start + 1) return false;
    let zeros = 0;
    while (text.charCodeAt(point + 1 + zeros) === 48) zeros++;
    if (zeros >= 6) return false;
  }
  return true;
}

/** Is the value a JSON number (plain or kept as text)? */
export function isNum(value: unknown): value is Num {
  return typeof value === 'number' || value instanceof JsonNumber;
}

/** The double a plain number or JsonNumber is nearest (JsonNumber `-0` → 0). */
export function toDouble(value: Num): number {
  return typeof value === 'number' ? value : value.value === 0 ? 0 : value.value;
}

/** A plain number when the JsonNumber's double is exact; the JsonNumber itself otherwise. */
export function simplify(value: Num): Num {
  return typeof value === 'number' || !value.exact ? value : toDouble(value);
}

/** The JSON text of a number as written (plain numbers: as JavaScript writes them). */
export function numberText(value: Num): string {
  return typeof value === 'number' ? String(value) : value.text;
}

/** Compares two numbers by their decimal meaning: negative, 0 or positive. */
export function compareNumbers(a: Num, b: Num): number {
  if ((typeof a === 'number' || a.exact) && (typeof b === 'number' || b.exact)) {
    const x = toDouble(a);
    const y = toDouble(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  // One side is a decimal no double holds, so finite: a plain infinity is beyond it.
  if (a === Number.POSITIVE_INFINITY || b === Number.NEGATIVE_INFINITY) return 1;
  if (a === Number.NEGATIVE_INFINITY || b === Number.POSITIVE_INFINITY) return -1;
  return compareDecimals(decimalOf(a), decimalOf(b));
}

/** The decimal meaning of a number, written one way for one value (see decimalKey). */
export function decimalOf(value: Num): string {
  return typeof value === 'number' ? decimalKey(String(value)) : value.decimal;
}

/**
 * The decimal meaning of number text as `[-]digits e exponent` with the point after the first
 * digit and no leading or trailing zeros: `'300'`, `'3.0e2'` → `'3e2'`; `'-0.0'` → `'0'`. Linear
 * in the text. Exponents beyond ±10^15 count as ±10^15 (BigDecimal, event-ruler's reader, stops at
 * ±2^31), so they stay exact doubles and cost nothing to read.
 */
export function decimalKey(text: string): string {
  const match = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (match === null) return text; // 'Infinity', 'NaN': never equal to a real number's key
  const [, sign, whole = '', fraction = '', exponent = '0'] = match;
  const digits = whole + fraction;
  let first = 0;
  while (first < digits.length && digits.charCodeAt(first) === 48) first++;
  if (first === digits.length) return '0';
  let last = digits.length;
  while (digits.charCodeAt(last - 1) === 48) last--;
  const power = exponentOf(exponent) + (whole.length - 1 - first);
  return `${sign}${digits.slice(first, last)}e${power}`;
}

const MAX_EXPONENT = 1e15;

function exponentOf(text: string): number {
  const negative = text.startsWith('-');
  let i = text.startsWith('-') || text.startsWith('+') ? 1 : 0;
  while (i < text.length - 1 && text.charCodeAt(i) === 48) i++;
  const magnitude = text.length - i > 15 ? MAX_EXPONENT : Math.min(Number(text.slice(i)), MAX_EXPONENT);
  return negative ? -magnitude : magnitude;
}

function compareDecimals(a: string, b: string): number {
  const signA = a === '0' ? 0 : a.startsWith('-') ? -1 : 1;
  const signB = b === '0' ? 0 : b.startsWith('-') ? -1 : 1;
  if (signA !== signB || signA === 0) return signA - signB;
  const [digitsA, powerA] = split(a);
  const [digitsB, powerB] = split(b);
  let order = powerA < powerB ? -1 : powerA > powerB ? 1 : digitsA < digitsB ? -1 : digitsA > digitsB ? 1 : 0;
  if (signA < 0) order = -order;
  return order;
}

function split(key: string): [string, number] {
  const e = key.indexOf('e');
  return [key.slice(key.startsWith('-') ? 1 : 0, e), Number(key.slice(e + 1))];
}
