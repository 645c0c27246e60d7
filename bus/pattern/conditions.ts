import type { Issue } from '../errors.js';
import type { JsonNumber, Num } from './json-number.js';
import type { Wildcard } from './wildcard.js';

/**
 * The closed set of operators a validated pattern is normalised into. The matcher, the
 * router and `explain` consume only this union, never the pattern JSON.
 *
 * @example {kind: 'prefix', value: 'ord-', ignoreCase: false}
 */
export type Condition =
  | { kind: 'exact'; value: string | Num | boolean | null }
  | { kind: 'prefix'; value: string; ignoreCase: boolean }
  | { kind: 'suffix'; value: string; ignoreCase: boolean }
  | { kind: 'equals-ignore-case'; value: string }
  | { kind: 'wildcard'; value: string; wildcard: Wildcard }
  | { kind: 'contains'; value: string }
  | { kind: 'numeric'; lower: Bound | null; upper: Bound | null }
  | { kind: 'exists'; value: boolean }
  /** `cidr`, and an exact string that is an IP literal: an inclusive range of addresses as hex. */
  | { kind: 'cidr'; value: string; low: string; high: string }
  | { kind: 'anything-but'; strings: ReadonlySet<string>; numbers: readonly Num[] }
  | { kind: 'anything-but-ignore-case'; values: ReadonlySet<string> }
  | { kind: 'anything-but-prefix'; values: readonly string[] }
  | { kind: 'anything-but-suffix'; values: readonly string[] }
  | { kind: 'anything-but-wildcard'; values: readonly string[]; wildcards: readonly Wildcard[] }
  // The `alibaba` dialect's own (apache/rocketmq-eventbridge, tools/pattern/PatternCondition.java):
  /** An exact value compared as JSON text: `300` ≠ `3.0e2`, `[300]` matches `"300"`; `null` only null. */
  | { kind: 'equals-text'; text: string | null }
  /** anything-but values compared as JSON text; `nulls`: null is excluded too. */
  | { kind: 'anything-but-text'; texts: ReadonlySet<string>; nulls: boolean }
  /** Every term holds, comparing doubles with numbers within 1e-7 equal. */
  | { kind: 'numeric-terms'; terms: readonly NumericTerm[] }
  /** An IPv4 CIDR block as commons-net SubnetUtils reads it: hosts only (no network, no broadcast address). */
  | { kind: 'ipv4-range'; value: string; low: number; high: number };

/** One `op, number` pair of an `alibaba` numeric condition. */
export interface NumericTerm {
  op: '=' | '!=' | '>' | '>=' | '<' | '<=';
  value: number;
}

/** One end of a numeric range. */
export interface Bound {
  value: Num;
  inclusive: boolean;
}

/** The kind names, as a type. */
export type ConditionKind = Condition['kind'];

/** One field of a branch: the dotted path of the event field and its alternatives (OR). */
export interface Clause {
  /** Dotted field path, e.g. `detail.state`; an event key `"a.b"` is the same path as `a` → `b`. */
  path: string;
  /** Where the alternatives sit inside the pattern, for messages. */
  patternPath: (string | number)[];
  conditions: Condition[];
}

/** One way a pattern can match: every clause must hold (AND). `$or` multiplies branches. */
export interface Branch {
  clauses: Clause[];
  /**
   * `alibaba`: the clauses read the event as Alibaba's engine does (alibaba-match.ts): paths
   * follow objects only, a field holding an object or an array with objects matches nothing,
   * `data.*` clauses need a `data` member. Absent: event-ruler's flattening.
   */
  dialect?: 'alibaba';
}

/** The outcome of validation: the branches to match (empty when invalid) and every problem. */
export interface Validated {
  branches: Branch[];
  issues: Issue[];
}

/** A leaf value of an event, as it appears after flattening; a number not written as JavaScript writes it keeps its text. */
export type Leaf = string | number | JsonNumber | boolean | null;
