import { validateAlibabaPattern } from './alibaba-validate.js';
import type { Clause, Condition, Validated } from './conditions.js';
import { isNum, simplify } from './json-number.js';
import { exactString, type OperatorRules, parseOperator } from './operators.js';
import { isObject, Problems } from './reasons.js';
import { MAX_WILDCARDS } from './wildcard.js';

export type { Validated } from './conditions.js';

/** Pattern rules: `aws` (EventBridge, event-ruler's semantics) or `alibaba` (Alibaba's engine, alibaba-validate.ts). */
export type Dialect = 'aws' | 'alibaba';

type Rule = Map<string, Clause>;
type Path = (string | number)[];

/** Names event-ruler reserves inside `$or` (Constants.RESERVED_FIELD_NAMES_IN_OR_RELATIONSHIP). */
const RESERVED_IN_OR = new Set(
  'exactly equals-ignore-case prefix suffix anything-but exists wildcard numeric cidr = < <= > >= regex not-wildcard not-equals-ignore-case date-after date-on-or-after date-before date-on-or-before in-date-range ip-address-in-range ip-address-not-in-range'.split(
    ' ',
  ),
);

/**
 * Validates a parsed pattern and normalises it into branches (`$or` expanded, as event-ruler's
 * JsonRuleCompiler does: fields before and after an `$or` join every branch).
 */
export function validatePattern(pattern: unknown, dialect: Dialect = 'aws'): Validated {
  if (dialect === 'alibaba') return validateAlibabaPattern(pattern);
  const problems = new Problems();
  if (!isObject(pattern)) {
    problems.add([], 'Filter is not an object');
    return { branches: [], issues: problems.issues };
  }
  const walker = new Walker(problems);
  const rules: Rule[] = [];
  walker.object(rules, pattern, [], [], false);
  if (problems.issues.length > 0) return { branches: [], issues: problems.issues };
  return { branches: rules.map((rule) => ({ clauses: [...rule.values()] })), issues: [] };
}

class Walker {
  private readonly operatorRules: OperatorRules = { maxWildcards: MAX_WILDCARDS };
  constructor(private readonly problems: Problems) {}

  object(rules: Rule[], node: Record<string, unknown>, fieldPath: string[], at: Path, inOr: boolean): void {
    const keys = Object.keys(node);
    if (keys.length === 0) this.problems.add(at, 'Empty objects are not allowed');
    for (const key of keys) {
      const value = node[key];
      if (key === '$or') {
        this.or(rules, value, fieldPath, [...at, key]);
        continue;
      }
      if (inOr && RESERVED_IN_OR.has(key)) {
        this.problems.add([...at, key], `${key} is Ruler reserved fieldName which cannot be used inside $or.`);
        continue;
      }
      if (isObject(value)) this.object(rules, value, [...fieldPath, key], [...at, key], inOr);
      else if (Array.isArray(value)) this.leaf(rules, value, [...fieldPath, key].join('.'), [...at, key]);
      else this.problems.add([...at, key], `"${key}" must be an object or an array`);
    }
  }

  private or(rules: Rule[], value: unknown, fieldPath: string[], at: Path): void {
    if (!Array.isArray(value)) {
      this.problems.add(at, 'It must be an Array followed with $or.');
      return;
    }
    const current = rules.map((rule) => new Map(rule));
    rules.length = 0;
    for (const [i, item] of value.entries()) {
      if (!isObject(item)) {
        this.problems.add([...at, i], 'Only JSON object is allowed in array of $or relationship.');
        continue;
      }
      const forked = current.length === 0 ? [new Map()] : current.map((rule) => new Map(rule));
      this.object(forked, item, fieldPath, [...at, i], true);
      rules.push(...forked);
    }
    if (value.length < 2) this.problems.add(at, 'There must have at least 2 Objects in $or relationship.');
  }

  private leaf(rules: Rule[], alternatives: unknown[], path: string, at: Path): void {
    if (alternatives.length === 0) this.problems.add(at, 'Empty arrays are not allowed');
    const conditions: Condition[] = [];
    for (const [i, alt] of alternatives.entries()) {
      const condition = this.alternative(alt, [...at, i]);
      if (condition !== null) conditions.push(condition);
    }
    if (rules.length === 0) rules.push(new Map());
    for (const rule of rules) {
      rule.delete(path); // the last definition of a path wins, in its new position
      rule.set(path, { path, patternPath: at, conditions });
    }
  }

  private alternative(alt: unknown, at: Path): Condition | null {
    if (isObject(alt)) return parseOperator(alt, at, this.problems, this.operatorRules);
    if (typeof alt === 'string') return exactString(alt);
    if (isNum(alt)) return { kind: 'exact', value: simplify(alt) };
    if (alt === null || typeof alt === 'boolean') return { kind: 'exact', value: alt };
    return this.problems.add(at, 'Match value must be String, number, true, false, or null');
  }
}
