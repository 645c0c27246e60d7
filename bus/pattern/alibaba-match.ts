// How Alibaba's engine reads an event for a clause (apache/rocketmq-eventbridge, PatternEvaluator
// and AbstractPatternCondition): top-level attributes by name, `data.*` by a JSONPath that follows
// objects only. A field holding an object, an empty array or an array with an object or array in
// it satisfies no condition, not even `exists`; a field missing satisfies only `exists: false`;
// `data.*` clauses need the event to have `data` at all. An event key with dots is a key, not a path.
import type { Branch, Clause, Leaf } from './conditions.js';
import { JsonNumber } from './json-number.js';
import { testLeaf } from './test-leaf.js';

/**
 * Does the event (parsed, numbers losslessly where it matters) satisfy every clause of an
 * `alibaba` branch?
 * @example matchAlibaba(compilePattern('{"data":{"a":[1]}}', { dialect: 'alibaba' }).branches[0], { data: { a: 1 } }) // true
 */
export function matchAlibaba(branch: Branch, event: unknown): boolean {
  if (!isRecord(event)) return false;
  for (const clause of branch.clauses) {
    if (clause.path.startsWith('data.') && !Object.hasOwn(event, 'data')) return false;
    if (!clauseHolds(clause, lookup(event, clause.path))) return false;
  }
  return true;
}

/** The value at a dotted path, following objects only (`undefined`: not there). */
export function lookup(event: Record<string, unknown>, path: string): unknown {
  let node: unknown = event;
  for (const step of path.split('.')) {
    if (!isRecord(node) || !Object.hasOwn(node, step)) return undefined;
    node = node[step];
  }
  return node;
}

/** Whether one clause holds for the value the engine reads at its path. */
export function clauseHolds(clause: Clause, value: unknown): boolean {
  if (value === undefined) return clause.conditions.some((c) => c.kind === 'exists' && !c.value);
  if (isRecord(value)) return false;
  if (Array.isArray(value)) {
    if (value.some((element) => isRecord(element) || Array.isArray(element))) return false;
    return value.some((element) => clause.conditions.some((c) => testLeaf(c, element as Leaf)));
  }
  return clause.conditions.some((c) => testLeaf(c, value as Leaf));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof JsonNumber);
}
