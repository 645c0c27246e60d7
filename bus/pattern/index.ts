// Event patterns: validate (every problem, with its path) → normalised branches → matcher.
// The router (bus/router) indexes many patterns at once; this module matches one.
import type { Issue } from '../errors.js';
import { matchAlibaba } from './alibaba-match.js';
import type { Branch } from './conditions.js';
import { InvalidPatternError } from './errors.js';
import { flattenEvent, pathPrefixes } from './flatten.js';
import { matchBranches } from './match.js';
import { readPatternInput } from './parse-text.js';
import { type Dialect, validatePattern } from './validate.js';

export type { Branch, Clause, Condition, Leaf } from './conditions.js';
export { checkEventEnvelope, ENVELOPE_FIELDS } from './envelope.js';
export { InvalidPatternError } from './errors.js';
export { type Explanation, explainPattern } from './explain.js';
export { JsonNumber } from './json-number.js';
export { keepsNumbers, parseJsonLossless } from './lossless-json.js';
export { readsNumbers } from './reads-numbers.js';
export type { Dialect } from './validate.js';

/** A validated, compiled event pattern. */
export interface Pattern {
  /** The pattern as given (parsed). */
  readonly source: unknown;
  /** The normalised branches (`$or` expanded); what the router indexes. */
  readonly branches: readonly Branch[];
  /** Does the event (parsed JSON) match? */
  matches(event: unknown): boolean;
}

/** Options shared by the pattern functions. */
export interface PatternOptions {
  dialect?: Dialect;
}

/**
 * Every problem with a pattern (JSON text or parsed), each with its path inside the pattern
 * and AWS's message. Empty when valid.
 * @example checkPattern({ a: [{ prefix: 1 }] }) // [{path: ['a', 0, 'prefix'], message: 'Event pattern is not valid. Reason: prefix match pattern must be a string'}]
 */
export function checkPattern(input: unknown, options: PatternOptions = {}): Issue[] {
  const read = readPatternInput(input);
  if (read.issues.length > 0) return read.issues;
  return validatePattern(read.value, options.dialect ?? 'aws').issues;
}

/**
 * Validates and compiles a pattern (JSON text or a parsed value); throws InvalidPatternError
 * (code `pattern.invalid`, path of the first problem, all of them in `issues`).
 * @example compilePattern('{"source":["shop"]}').matches({ source: 'shop' }) // true
 */
export function compilePattern(input: unknown, options: PatternOptions = {}): Pattern {
  const read = readPatternInput(input);
  if (read.issues.length > 0) throw new InvalidPatternError(read.issues);
  const { branches, issues } = validatePattern(read.value, options.dialect ?? 'aws');
  if (issues.length > 0) throw new InvalidPatternError(issues);
  const used = pathPrefixes(branches.flatMap((b) => b.clauses.map((c) => c.path)));
  const matches =
    options.dialect === 'alibaba'
      ? (event: unknown) => branches.some((branch) => matchAlibaba(branch, event))
      : (event: unknown) => matchBranches(branches, flattenEvent(event, used));
  return { source: read.value, branches, matches };
}
