// PLACEHOLDER until the pattern engine lands (issue 5): exact values only, same API.
import type { Issue } from '../errors.js';

export type Dialect = 'aws' | 'alibaba';

/** A validated, compiled event pattern. */
export interface Pattern {
  readonly source: unknown;
  matches(event: unknown): boolean;
}

/** Every problem with a pattern, each with its path inside the pattern. Empty when valid. */
export function checkPattern(input: unknown, _options: { dialect?: Dialect } = {}): Issue[] {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return [{ path: [], message: 'Event pattern is not valid. Reason: pattern must be a JSON object' }];
  }
  return [];
}

/** Validates and compiles a pattern (JSON text or a parsed value); throws with the first issue's path. */
export function compilePattern(input: unknown, options: { dialect?: Dialect } = {}): Pattern {
  const source = typeof input === 'string' ? JSON.parse(input) : input;
  const issues = checkPattern(source, options);
  if (issues.length > 0) throw new Error(issues[0]!.message);
  return { source, matches: (event) => matchExact(source, event) };
}

function matchExact(pattern: unknown, event: unknown): boolean {
  if (pattern === null || typeof pattern !== 'object') return false;
  for (const [key, expected] of Object.entries(pattern)) {
    const value = event !== null && typeof event === 'object' ? (event as Record<string, unknown>)[key] : undefined;
    if (Array.isArray(expected)) {
      const values = Array.isArray(value) ? value : [value];
      if (!expected.some((alt) => values.some((v) => v === alt))) return false;
    } else if (!matchExact(expected, value)) return false;
  }
  return true;
}
