import type { Condition, Leaf } from './conditions.js';
import { ipToHex } from './ip.js';
import { compareNumbers, isNum, type Num } from './json-number.js';

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
