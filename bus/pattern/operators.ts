import { parseAnythingBut } from './anything-but.js';
import type { Condition } from './conditions.js';
import { cidrBottom, cidrTop, ipToHex, looksLikeIp } from './ip.js';
import { parseNumeric } from './numeric.js';
import { isObject, type Problems } from './reasons.js';
import { parseWildcard } from './wildcard.js';

type Path = readonly (string | number)[];

/** Limits on operators (event-ruler's machine options; AWS's fixed values). */
export interface OperatorRules {
  maxWildcards: number;
}

/**
 * One `{operator: argument}` object inside a field's alternatives → a Condition, or null after
 * recording why it is invalid. Messages are event-ruler's (JsonRuleCompiler), which AWS returns.
 */
export function parseOperator(expr: Record<string, unknown>, path: Path, problems: Problems, rules: OperatorRules) {
  const keys = Object.keys(expr);
  if (keys.length === 0) return problems.add(path, 'Match expression name not found');
  const name = keys[0]!;
  const arg = expr[name];
  const at = [...path, name];
  if (keys.length > 1) {
    const tooMany = name === 'numeric' || name === 'anything-but';
    return problems.add(
      [...path, keys[1]!],
      tooMany ? 'Too many elements in numeric expression' : 'Only one key allowed in match expression',
    );
  }
  return parseNamed(name, arg, at, problems, rules);
}

function parseNamed(name: string, arg: unknown, at: Path, problems: Problems, rules: OperatorRules): Condition | null {
  switch (name) {
    case 'exactly':
      if (typeof arg !== 'string') return problems.add(at, 'exact match pattern must be a string');
      return { kind: 'exact', value: arg };
    case 'prefix':
    case 'suffix':
      return parseAffix(name, arg, at, problems);
    case 'equals-ignore-case':
      if (typeof arg !== 'string') return problems.add(at, 'equals-ignore-case match pattern must be a string');
      return { kind: 'equals-ignore-case', value: arg };
    case 'wildcard': {
      if (typeof arg !== 'string') return problems.add(at, 'wildcard match pattern must be a string');
      const parsed = parseWildcard(arg, rules.maxWildcards);
      if (!parsed.ok) return problems.add(at, parsed.reason);
      return { kind: 'wildcard', value: arg, wildcard: parsed.wildcard };
    }
    case 'contains':
      if (typeof arg !== 'string' || arg === '')
        return problems.add(at, 'contains match pattern must be a non-empty string');
      return { kind: 'contains', value: arg };
    case 'numeric':
      return parseNumeric(arg, at, problems);
    case 'exists':
      if (typeof arg !== 'boolean') return problems.add(at, 'exists match pattern must be either true or false.');
      return { kind: 'exists', value: arg };
    case 'cidr':
      // AWS really says "prefix" here (localstack keeps the quirk on purpose).
      if (typeof arg !== 'string') return problems.add(at, 'prefix match pattern must be a string');
      return parseCidr(arg, at, problems);
    case 'anything-but':
      return parseAnythingBut(arg, at, problems);
    default:
      return problems.add(at, `Unrecognized match type ${name}`);
  }
}

function parseAffix(name: 'prefix' | 'suffix', arg: unknown, at: Path, problems: Problems) {
  let value = arg;
  let ignoreCase = false;
  if (isObject(arg)) {
    const keys = Object.keys(arg);
    const Name = name === 'prefix' ? 'Prefix' : 'Suffix';
    if (keys.length === 0) return problems.add(at, `${Name} expression name not found`);
    if (keys[0] !== 'equals-ignore-case')
      return problems.add([...at, keys[0]!], `Unsupported ${name} pattern: ${keys[0]}`);
    if (keys.length > 1) return problems.add([...at, keys[1]!], 'Only one key allowed in match expression');
    value = arg['equals-ignore-case'];
    ignoreCase = true;
    if (typeof value !== 'string') {
      return problems.add([...at, 'equals-ignore-case'], 'equals-ignore-case match pattern must be a string');
    }
  }
  if (typeof value !== 'string') return problems.add(at, `${name} match pattern must be a string`);
  return { kind: name, value, ignoreCase } as const;
}

/** `"10.0.0.0/24"` → the inclusive hex range; mask must be shorter than the address. */
export function parseCidr(text: string, at: Path, problems: Problems): Condition | null {
  const parts = text.split('/');
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop(); // Java's split drops trailing empties
  if (parts.length !== 2) return problems.add(at, "Malformed CIDR, one '/' required");
  if (!/^[+-]?[0-9]+$/.test(parts[1]!)) return problems.add(at, 'Malformed CIDR, mask bits must be an integer');
  const bits = Number(parts[1]);
  if (bits < 0) return problems.add(at, 'Malformed CIDR, mask bits must not be negative');
  const base = looksLikeIp(parts[0]!) ? ipToHex(parts[0]!) : null;
  if (base === null) {
    const reason = looksLikeIp(parts[0]!) ? 'Invalid IP address: ' : 'Nonstandard IP address: ';
    return problems.add(at, reason + parts[0]);
  }
  if (base.length === 8 && bits > 31) return problems.add(at, 'IPv4 mask bits must be < 32');
  if (base.length === 32 && bits > 127) return problems.add(at, 'IPv6 mask bits must be < 128');
  return { kind: 'cidr', value: text, low: cidrBottom(base, bits), high: cidrTop(base, bits) };
}

/** An exact string that is an IP literal matches the address, whatever its spelling. */
export function exactString(value: string): Condition {
  const hex = looksLikeIp(value) ? ipToHex(value) : null;
  if (hex === null) return { kind: 'exact', value };
  return { kind: 'cidr', value, low: hex, high: hex };
}
