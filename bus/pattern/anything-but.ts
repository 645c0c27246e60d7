import type { Condition } from './conditions.js';
import { isNum, type Num, simplify } from './json-number.js';
import { isObject, type Problems } from './reasons.js';
import { parseWildcard, type Wildcard } from './wildcard.js';

type Path = readonly (string | number)[];
type SetKind = 'equals-ignore-case' | 'prefix' | 'suffix' | 'wildcard';
const SET_KINDS: readonly string[] = ['equals-ignore-case', 'prefix', 'suffix', 'wildcard'];
const NOT_A_VALUE = 'Value of anything-but must be an array or single string/number value.';

/**
 * `anything-but` in all its forms: a string or number, a list of one type, or an object
 * `{prefix|suffix|equals-ignore-case|wildcard: string | string[]}`.
 */
export function parseAnythingBut(arg: unknown, at: Path, problems: Problems): Condition | null {
  if (isObject(arg)) {
    const keys = Object.keys(arg);
    if (keys.length === 0) return problems.add(at, 'Anything-But expression name not found');
    const kind = keys[0]!;
    if (!SET_KINDS.includes(kind)) return problems.add([...at, kind], `Unsupported anything-but pattern: ${kind}`);
    if (keys.length > 1) return problems.add([...at, keys[1]!], 'Too many elements in numeric expression');
    return parseValueSet(kind as SetKind, arg[kind], [...at, kind], problems);
  }
  if (Array.isArray(arg)) return parseList(arg, at, problems);
  if (typeof arg === 'string') return { kind: 'anything-but', strings: new Set([arg]), numbers: [] };
  if (isNum(arg)) return { kind: 'anything-but', strings: new Set(), numbers: [simplify(arg)] };
  return problems.add(at, NOT_A_VALUE);
}

function parseList(list: unknown[], at: Path, problems: Problems): Condition | null {
  const strings = new Set<string>();
  const numbers: Num[] = [];
  for (const [i, item] of list.entries()) {
    if (typeof item === 'string') strings.add(item);
    else if (isNum(item)) numbers.push(simplify(item));
    else return problems.add([...at, i], 'Inside anything but list, start|null|boolean is not supported.');
  }
  if (strings.size > 0 === numbers.length > 0) {
    return problems.add(
      at,
      'Inside anything but list, either all values are number or string, mixed type is not supported',
    );
  }
  return { kind: 'anything-but', strings, numbers };
}

function parseValueSet(kind: SetKind, arg: unknown, at: Path, problems: Problems): Condition | null {
  if (!Array.isArray(arg) && typeof arg !== 'string' && !isNum(arg)) return problems.add(at, NOT_A_VALUE);
  const items = Array.isArray(arg) ? arg : [arg];
  const values: string[] = [];
  for (const [i, item] of items.entries()) {
    const where = Array.isArray(arg) ? [...at, i] : at;
    if (typeof item !== 'string') return problems.add(where, typeMessage(kind));
    if ((kind === 'prefix' || kind === 'suffix') && item === '') {
      return problems.add(where, 'Null prefix/suffix not allowed');
    }
    values.push(item);
  }
  switch (kind) {
    case 'equals-ignore-case':
      return { kind: 'anything-but-ignore-case', values: new Set(values.map((v) => v.toLowerCase())) };
    case 'prefix':
      return { kind: 'anything-but-prefix', values };
    case 'suffix':
      return { kind: 'anything-but-suffix', values };
    case 'wildcard': {
      const wildcards: Wildcard[] = [];
      for (const [i, value] of values.entries()) {
        const parsed = parseWildcard(value);
        if (!parsed.ok) return problems.add(Array.isArray(arg) ? [...at, i] : at, parsed.reason);
        wildcards.push(parsed.wildcard);
      }
      return { kind: 'anything-but-wildcard', values, wildcards };
    }
  }
}

function typeMessage(kind: SetKind): string {
  if (kind === 'equals-ignore-case') {
    return 'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.';
  }
  if (kind === 'wildcard') return 'wildcard match pattern must be a string';
  return 'prefix/suffix match pattern must be a string';
}
