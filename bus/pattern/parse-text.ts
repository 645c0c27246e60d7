import type { Issue } from '../errors.js';
import { MAX_JSON_DEPTH, tooDeep } from '../json-depth.js';
import { parseJsonLossless } from './lossless-json.js';
import { REASON_PREFIX } from './reasons.js';

/**
 * The longest event pattern, in characters: AWS's PutRule and TestEventPattern refuse more
 * (2,048 by default, raised on request up to this). It bounds what validation and every
 * operator can cost before anything is parsed.
 */
export const MAX_PATTERN_LENGTH = 4096;

/**
 * A pattern given as JSON text is parsed (duplicate keys: the last wins; numbers keep their text,
 * see json-number.ts); a parsed value passes through. Either is measured first: longer than
 * MAX_PATTERN_LENGTH as JSON text, or nested deeper than MAX_JSON_DEPTH → an issue with the path.
 */
export function readPatternInput(input: unknown): { value: unknown; issues: Issue[] } {
  let value = input;
  if (typeof input === 'string') {
    if (input.length > MAX_PATTERN_LENGTH) return tooLong(input.length);
    try {
      value = parseJsonLossless(input);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { value: undefined, issues: [{ path: [], message: `${REASON_PREFIX}${reason}` }] };
    }
  }
  // the depth first (a linear walk): measuring a parsed pattern, and validating any, recurse
  const path = tooDeep(value);
  if (path !== undefined) {
    return {
      value: undefined,
      issues: [{ path, message: `${REASON_PREFIX}nests deeper than ${MAX_JSON_DEPTH} levels` }],
    };
  }
  if (typeof input !== 'string') {
    const length = jsonLength(input);
    if (length > MAX_PATTERN_LENGTH) return tooLong(length);
  }
  return { value, issues: [] };
}

function tooLong(length: number): { value: undefined; issues: Issue[] } {
  const reason = Number.isFinite(length)
    ? `the pattern is ${length} characters; at most ${MAX_PATTERN_LENGTH} are allowed`
    : 'the pattern cannot be written as JSON text (a cycle or a value JSON lacks)';
  return { value: undefined, issues: [{ path: [], message: REASON_PREFIX + reason }] };
}

/** The length of a parsed pattern as compact JSON; Infinity when it has none (a cycle, a bigint). */
function jsonLength(value: unknown): number {
  try {
    return JSON.stringify(value)?.length ?? 0;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
