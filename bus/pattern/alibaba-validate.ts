// The `alibaba` dialect's validation, following Alibaba's own engine (apache/rocketmq-eventbridge,
// tools/pattern/PatternEvaluatorBuilder.java and PatternConditionBuilder.java) plus what Alibaba
// Cloud's documentation adds: at most 5 expressions a field (ApsaraMQ for Kafka limits) and the
// `contains` operator. docs/dialects.md lists each rule with its source and its test.
import type { Branch, Clause, Condition, NumericTerm, Validated } from './conditions.js';
import { ipToHex, looksLikeIp } from './ip.js';
import { isNum, type Num, numberText, toDouble } from './json-number.js';
import { isObject, Problems } from './reasons.js';

type Path = (string | number)[];

/** CloudEvents 1.0 attributes a pattern may name at its top level (SpecVersion.V1.getAllAttributes()). */
export const SPEC_ATTRIBUTES: ReadonlySet<string> = new Set([
  'id',
  'source',
  'specversion',
  'type',
  'datacontenttype',
  'dataschema',
  'subject',
  'time',
]);

/**
 * Extension attributes a pattern may name at its top level. The engine takes the list from its
 * configuration; these are the ones Alibaba Cloud EventBridge puts on its events.
 */
export const EXTENSION_ATTRIBUTES: ReadonlySet<string> = new Set([
  'aliyunaccountid',
  'aliyunpublishtime',
  'aliyunoriginalaccountid',
  'aliyuneventbusname',
  'aliyunregionid',
  'aliyunpublishaddr',
]);

/** Most alternatives one field may list in the `alibaba` dialect (Alibaba Cloud's documented limit). */
export const ALIBABA_MAX_EXPRESSIONS = 5;

/** The operators the `alibaba` dialect knows: the engine's six and the documented `contains`. */
const OPERATORS = ['prefix', 'suffix', 'contains', 'anything-but', 'numeric', 'cidr', 'exists'];

/** Numeric operands must lie within this (NumericConditionBuilder.MAX_VAL). */
const NUMERIC_LIMIT = 1e9;
const NUMERIC_OPS: readonly string[] = ['=', '!=', '>', '>=', '<', '<='];

/**
 * Validates a parsed pattern by Alibaba's rules into one branch (the dialect has no `$or`).
 * `{}` is valid and matches every event.
 * @example validateAlibabaPattern({ source: ['acs.oss'], data: { size: [{ numeric: ['>', 10] }] } })
 */
export function validateAlibabaPattern(pattern: unknown): Validated {
  const problems = new Problems();
  if (!isObject(pattern)) {
    problems.add([], 'the pattern must be a JSON object');
    return { branches: [], issues: problems.issues };
  }
  const clauses: Clause[] = [];
  for (const [key, value] of Object.entries(pattern)) {
    if (key === 'data') {
      if (isObject(value)) dataObject(value, ['data'], clauses, problems);
      else problems.add(['data'], 'data must be an object of fields (alibaba dialect)');
      continue;
    }
    if (!Array.isArray(value)) {
      problems.add([key], `"${key}" must be an array of values (alibaba dialect)`);
      continue;
    }
    if (!SPEC_ATTRIBUTES.has(key) && !EXTENSION_ATTRIBUTES.has(key)) {
      problems.add(
        [key],
        `unrecognized pattern key "${key}": the alibaba dialect filters CloudEvents attributes (${[...SPEC_ATTRIBUTES].join(', ')}), Alibaba's extensions (${[...EXTENSION_ATTRIBUTES].join(', ')}) and fields under data`,
      );
      continue;
    }
    leaf(value, [key], clauses, problems);
  }
  if (problems.issues.length > 0) return { branches: [], issues: problems.issues };
  const branch: Branch = { clauses, dialect: 'alibaba' };
  return { branches: [branch], issues: [] };
}

function dataObject(node: Record<string, unknown>, at: Path, clauses: Clause[], problems: Problems): void {
  const keys = Object.keys(node);
  if (keys.length === 0) problems.add(at, 'an object in the data pattern must name at least one field');
  for (const key of keys) {
    const value = node[key];
    if (Array.isArray(value)) leaf(value, [...at, key], clauses, problems);
    else if (isObject(value)) dataObject(value, [...at, key], clauses, problems);
    else problems.add([...at, key], `"${key}" must be an object or an array of values`);
  }
}

function leaf(alternatives: unknown[], at: Path, clauses: Clause[], problems: Problems): void {
  if (alternatives.length === 0) problems.add(at, 'Empty arrays are not allowed');
  if (alternatives.length > ALIBABA_MAX_EXPRESSIONS) {
    problems.add(at, `At most ${ALIBABA_MAX_EXPRESSIONS} expressions are allowed per field (alibaba dialect)`);
  }
  const conditions: Condition[] = [];
  for (const [i, alt] of alternatives.entries()) {
    const condition = alternative(alt, [...at, i], problems);
    if (condition !== null) conditions.push(condition);
  }
  // A dotted pattern key is a nested path here too (the engine reads `$.a.b`), so joining is exact;
  // two keys naming one path are two clauses, both to hold, as the engine has them.
  clauses.push({ path: at.join('.'), patternPath: at, conditions });
}

function alternative(alt: unknown, at: Path, problems: Problems): Condition | null {
  if (alt === null || typeof alt === 'string' || typeof alt === 'boolean' || isNum(alt)) {
    return { kind: 'equals-text', text: textOf(alt) };
  }
  if (Array.isArray(alt)) return problems.add(at, 'an array inside the values array is not supported');
  if (!isObject(alt)) return problems.add(at, 'Match value must be String, number, true, false, or null');
  return operator(alt, at, problems);
}

/** The JSON text a value is compared by: strings as they are, numbers as written, null as null. */
export function textOf(value: string | Num | boolean | null): string | null {
  if (value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  return numberText(value);
}

function operator(expr: Record<string, unknown>, path: Path, problems: Problems): Condition | null {
  const keys = Object.keys(expr);
  if (keys.length !== 1) return problems.add(path, 'a condition must have exactly one operator');
  const name = keys[0]!;
  const arg = expr[name];
  const at = [...path, name];
  switch (name) {
    case 'prefix':
    case 'suffix':
    case 'contains':
      if (typeof arg !== 'string') return problems.add(at, `${name} takes a string (alibaba dialect)`);
      if (arg === '') return problems.add(at, `${name} must not be empty (alibaba dialect)`);
      return name === 'contains' ? { kind: 'contains', value: arg } : { kind: name, value: arg, ignoreCase: false };
    case 'exists':
      if (typeof arg !== 'boolean') return problems.add(at, 'exists takes true or false');
      return { kind: 'exists', value: arg };
    case 'numeric':
      return numeric(arg, at, problems);
    case 'cidr':
      return cidr(arg, at, problems);
    case 'anything-but':
      return anythingBut(arg, at, problems);
    default:
      return problems.add(
        at,
        `the alibaba dialect does not support the operator "${name}" (it has ${OPERATORS.join(', ')}); the aws dialect may`,
      );
  }
}

function numeric(arg: unknown, at: Path, problems: Problems): Condition | null {
  if (!Array.isArray(arg)) return problems.add(at, 'numeric takes an array: operator, number[, operator, number]');
  if (arg.length !== 2 && arg.length !== 4) return problems.add(at, 'numeric takes 2 or 4 elements');
  const terms: NumericTerm[] = [];
  for (let i = 0; i < arg.length; i += 2) {
    const op: unknown = arg[i];
    const value: unknown = arg[i + 1];
    if (typeof op !== 'string' || !isNum(value)) {
      return problems.add([...at, i], 'numeric takes pairs of an operator and a number');
    }
    const number = toDouble(value);
    if (!(number >= -NUMERIC_LIMIT && number <= NUMERIC_LIMIT)) {
      return problems.add([...at, i + 1], 'a numeric operand must lie between -1.0E9 and 1.0E9 inclusive');
    }
    if (!NUMERIC_OPS.includes(op)) return problems.add([...at, i], `numeric operators are ${NUMERIC_OPS.join(' ')}`);
    terms.push({ op: op as NumericTerm['op'], value: number });
  }
  return { kind: 'numeric-terms', terms };
}

/** `a.b.c.d/m` (IPv4 only, as SubnetUtils) → the hosts of that block; a bare address → that address. */
function cidr(arg: unknown, at: Path, problems: Problems): Condition | null {
  if (typeof arg !== 'string' || arg === '') return problems.add(at, 'cidr takes an IP address or an IPv4 CIDR block');
  if (arg.includes('/')) {
    const block = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(arg);
    const parts = block === null ? [] : block.slice(1).map(Number);
    if (block === null || parts.slice(0, 4).some((p) => p > 255) || parts[4]! > 32) {
      return problems.add(at, `not an IPv4 CIDR block: ${arg} (alibaba dialect: IPv4 only, mask 0 to 32)`);
    }
    const address = ((parts[0]! * 256 + parts[1]!) * 256 + parts[2]!) * 256 + parts[3]!;
    const size = 2 ** (32 - parts[4]!);
    const network = address - (address % size);
    const broadcast = network + size - 1;
    // SubnetUtils leaves out the network and broadcast addresses; /31 and /32 hold no host.
    return broadcast - network > 1
      ? { kind: 'ipv4-range', value: arg, low: network + 1, high: broadcast - 1 }
      : { kind: 'ipv4-range', value: arg, low: 1, high: 0 };
  }
  const hex = looksLikeIp(arg) ? ipToHex(arg) : null;
  if (hex === null) {
    return problems.add(at, `not an IP address: ${arg} (conflux does not look up host names)`);
  }
  return { kind: 'cidr', value: arg, low: hex, high: hex };
}

function anythingBut(arg: unknown, at: Path, problems: Problems): Condition | null {
  if (isObject(arg)) {
    const keys = Object.keys(arg);
    if (keys.some((k) => k !== 'prefix' && k !== 'suffix')) {
      return problems.add(at, 'anything-but nests only prefix or suffix (alibaba dialect)');
    }
    if (keys.length !== 1) return problems.add(at, 'a condition must have exactly one operator');
    const kind = keys[0] as 'prefix' | 'suffix';
    const value = arg[kind];
    if (typeof value !== 'string') return problems.add([...at, kind], `${kind} takes a string (alibaba dialect)`);
    if (value === '') return problems.add([...at, kind], `${kind} must not be empty (alibaba dialect)`);
    return { kind: kind === 'prefix' ? 'anything-but-prefix' : 'anything-but-suffix', values: [value] };
  }
  const items = Array.isArray(arg) ? arg : [arg];
  const texts = new Set<string>();
  let nulls = false;
  for (const [i, item] of items.entries()) {
    if (item === null) nulls = true;
    else if (typeof item === 'string' || typeof item === 'boolean' || isNum(item)) texts.add(textOf(item)!);
    else return problems.add(Array.isArray(arg) ? [...at, i] : at, 'anything-but takes null or plain values');
  }
  return { kind: 'anything-but-text', texts, nulls };
}
