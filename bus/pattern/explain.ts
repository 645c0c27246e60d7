import { formatJsonPath } from '../errors.js';
import { clauseHolds as alibabaHolds, lookup } from './alibaba-match.js';
import type { Branch, Clause, Condition } from './conditions.js';
import { type FlatValue, flattenEvent } from './flatten.js';
import { isNum, numberText } from './json-number.js';
import { clauseHolds, matchBranch } from './match.js';

/** Why one field of one branch did not hold. */
export interface FieldFailure {
  /** Dotted event field path, e.g. `detail.state`. */
  field: string;
  /** Where the field's alternatives sit in the pattern, e.g. `$.detail.state`. */
  patternPath: string;
  reason: string;
}

/** The verdict for a pattern and an event, with the failing fields of every branch. */
export interface Explanation {
  matches: boolean;
  /** One entry per branch (`$or` expands into several); empty `failures` means that branch held. */
  branches: { failures: FieldFailure[] }[];
}

/**
 * Says which field failed and why, for each branch of a compiled pattern.
 * @example explainPattern(compilePattern({a: [1]}), {a: 2}).branches[0].failures[0].reason // 'value 2 matches none of: 1'
 */
export function explainPattern(pattern: { branches: readonly Branch[] }, event: unknown): Explanation {
  const flat = flattenEvent(event);
  const branches = pattern.branches.map((branch) => {
    if (branch.dialect === 'alibaba') return { failures: alibabaFailures(branch, event) };
    const failures: FieldFailure[] = [];
    for (const clause of branch.clauses) {
      const reason = clauseFailure(clause, flat.get(clause.path));
      if (reason !== null)
        failures.push({ field: clause.path, patternPath: formatJsonPath(clause.patternPath), reason });
    }
    if (failures.length === 0 && !matchBranch(branch, flat)) {
      failures.push({
        field: branch.clauses.map((c) => c.path).join(', '),
        patternPath: '$',
        reason: 'each field matches, but in different elements of the same array of objects',
      });
    }
    return { failures };
  });
  return { matches: branches.some((b) => b.failures.length === 0), branches };
}

/** The `alibaba` dialect reads fields as Alibaba's engine does (alibaba-match.ts). */
function alibabaFailures(branch: Branch, event: unknown): FieldFailure[] {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) {
    return [{ field: '', patternPath: '$', reason: 'the event is not a JSON object' }];
  }
  const record = event as Record<string, unknown>;
  const failures: FieldFailure[] = [];
  for (const clause of branch.clauses) {
    const at = { field: clause.path, patternPath: formatJsonPath(clause.patternPath) };
    if (clause.path.startsWith('data.') && !Object.hasOwn(record, 'data')) {
      failures.push({ ...at, reason: 'the event has no data' });
      continue;
    }
    const value = lookup(record, clause.path);
    if (alibabaHolds(clause, value)) continue;
    const wanted = clause.conditions.map(describe).join(' | ');
    const reason =
      value === undefined
        ? `field is missing; wanted ${wanted}`
        : value !== null && typeof value === 'object' && !isNum(value) && !isPrimitiveArray(value)
          ? `the field holds ${shapeOf(value)}, which no condition matches (alibaba dialect)`
          : `value ${isNum(value) ? numberText(value) : JSON.stringify(value)} matches none of: ${wanted}`;
    failures.push({ ...at, reason });
  }
  return failures;
}

function shapeOf(value: object): string {
  if (!Array.isArray(value)) return 'an object';
  return value.length === 0 ? 'an empty array' : 'an array with objects or arrays';
}

function isPrimitiveArray(value: object): boolean {
  return (
    Array.isArray(value) && value.length > 0 && value.every((v) => v === null || typeof v !== 'object' || isNum(v))
  );
}

function clauseFailure(clause: Clause, values: FlatValue[] | undefined): string | null {
  if (clauseHolds(clause, values)) return null;
  const wanted = clause.conditions.map(describe).join(' | ');
  if (values === undefined || values.length === 0) return `field is missing; wanted ${wanted}`;
  if (clause.conditions.every((c) => c.kind === 'exists' && !c.value)) return 'field is present; wanted exists: false';
  const seen = values.map((v) => (isNum(v.value) ? numberText(v.value) : JSON.stringify(v.value))).join(', ');
  return `value ${seen} matches none of: ${wanted}`;
}

/** A condition in the pattern's own words, e.g. `{"prefix":"ord-"}`. */
export function describe(c: Condition): string {
  switch (c.kind) {
    case 'exact':
      return isNum(c.value) ? numberText(c.value) : JSON.stringify(c.value);
    case 'prefix':
    case 'suffix':
      return JSON.stringify({ [c.kind]: c.ignoreCase ? { 'equals-ignore-case': c.value } : c.value });
    case 'numeric': {
      const terms: string[] = [];
      if (c.lower !== null) terms.push(c.lower.inclusive ? '">="' : '">"', numberText(c.lower.value));
      if (c.upper !== null) terms.push(c.upper.inclusive ? '"<="' : '"<"', numberText(c.upper.value));
      return `{"numeric":[${terms.join(',')}]}`;
    }
    case 'cidr':
      return JSON.stringify(c.low === c.high ? c.value : { cidr: c.value });
    case 'anything-but':
      return JSON.stringify({ 'anything-but': [...c.strings, ...c.numbers] });
    case 'anything-but-ignore-case':
      return JSON.stringify({ 'anything-but': { 'equals-ignore-case': [...c.values] } });
    case 'anything-but-prefix':
    case 'anything-but-suffix':
    case 'anything-but-wildcard':
      return JSON.stringify({ 'anything-but': { [c.kind.slice('anything-but-'.length)]: c.values } });
    case 'equals-text':
      return JSON.stringify(c.text);
    case 'anything-but-text':
      return JSON.stringify({ 'anything-but': [...c.texts, ...(c.nulls ? [null] : [])] });
    case 'numeric-terms':
      return JSON.stringify({ numeric: c.terms.flatMap((t) => [t.op, t.value]) });
    case 'ipv4-range':
      return JSON.stringify({ cidr: c.value });
    default:
      return JSON.stringify({ [c.kind]: c.value });
  }
}
