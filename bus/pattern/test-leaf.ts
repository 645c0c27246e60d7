import type { Condition, Leaf, NumericTerm } from './conditions.js';
import { ipToHex, ipv4Number } from './ip.js';
import { compareNumbers, isNum, type Num, numberText, toDouble } from './json-number.js';

/**
 * Does one event leaf value satisfy one condition? (`exists` is decided per field, not per
 * value: see match.ts.) String operators hold for strings only, `numeric` for numbers only;
 * `anything-but` holds for any value not excluded, `null` included.
 */
export function testLeaf(c: Condition, v: Leaf): boolean {
  switch (c.kind) {
    case 'exact':
      return v === c.value || (isNum(v) && isNum(c.value) && compareNumbers(v, c.value) === 0);
    case 'prefix':
      return typeof v === 'string' && (c.ignoreCase ? lower(v).startsWith(lower(c.value)) : v.startsWith(c.value));
    case 'suffix':
      return typeof v === 'string' && (c.ignoreCase ? lower(v).endsWith(lower(c.value)) : v.endsWith(c.value));
    case 'equals-ignore-case':
      return typeof v === 'string' && lower(v) === lower(c.value);
    case 'wildcard':
      return typeof v === 'string' && c.wildcard.test(v);
    case 'contains':
      return typeof v === 'string' && v.includes(c.value);
    case 'numeric':
      return isNum(v) && inRange(c, v);
    case 'exists':
      return c.value;
    case 'cidr':
      return typeof v === 'string' && inCidr(c.low, c.high, v);
    case 'anything-but':
      if (typeof v === 'string') return !c.strings.has(v);
      if (typeof v === 'number') {
        for (const n of c.numbers) if (n === v || (typeof n !== 'number' && compareNumbers(n, v) === 0)) return false;
        return true;
      }
      if (isNum(v)) return !c.numbers.some((n) => compareNumbers(n, v) === 0);
      return true;
    case 'anything-but-ignore-case':
      return typeof v !== 'string' || !c.values.has(lower(v));
    case 'anything-but-prefix':
      return typeof v !== 'string' || !c.values.some((p) => v.startsWith(p));
    case 'anything-but-suffix':
      return typeof v !== 'string' || !c.values.some((s) => v.endsWith(s));
    case 'anything-but-wildcard':
      return typeof v !== 'string' || !c.wildcards.some((w) => w.test(v));
    case 'equals-text':
      return v === null ? c.text === null : c.text !== null && leafText(v) === c.text;
    case 'anything-but-text':
      return v === null ? !c.nulls : !c.texts.has(leafText(v));
    case 'numeric-terms':
      return isNum(v) && c.terms.every((t) => holds(t, toDouble(v)));
    case 'ipv4-range': {
      if (typeof v !== 'string') return false;
      const address = ipv4Number(v);
      return address > 0 && address >= c.low && address <= c.high;
    }
  }
}

/** A non-null leaf as the JSON text the `alibaba` dialect compares: strings as they are, numbers as written. */
function leafText(v: string | Num | boolean): string {
  return typeof v === 'string' ? v : typeof v === 'boolean' ? String(v) : numberText(v);
}

/** An `alibaba` numeric term: doubles, numbers within 1e-7 equal (NumericOperators.java). */
function holds(term: NumericTerm, v: number): boolean {
  const order = Math.abs(v - term.value) <= 1e-7 ? 0 : v < term.value ? -1 : 1;
  switch (term.op) {
    case '=':
      return order === 0;
    case '!=':
      return order !== 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
  }
}

/** Numeric range test with open or closed ends. */
export function inRange(c: Extract<Condition, { kind: 'numeric' }>, v: Num): boolean {
  const { lower: lo, upper: hi } = c;
  if (lo !== null) {
    const order = compareNumbers(v, lo.value);
    if (lo.inclusive ? order < 0 : order <= 0) return false;
  }
  if (hi !== null) {
    const order = compareNumbers(v, hi.value);
    if (hi.inclusive ? order > 0 : order >= 0) return false;
  }
  return true;
}

/** Is the string an IP address inside [low, high] (hex, same family)? */
export function inCidr(low: string, high: string, v: string): boolean {
  const hex = ipToHex(v);
  return hex !== null && hex.length === low.length && hex >= low && hex <= high;
}

function lower(text: string): string {
  return text.toLowerCase();
}
