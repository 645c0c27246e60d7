import type { Issue } from '../errors.js';
import { MAX_JSON_DEPTH, tooDeep } from '../json-depth.js';
import { REASON_PREFIX } from './reasons.js';

/**
 * A pattern given as JSON text is parsed (duplicate keys: the last wins); a parsed value passes
 * through. Either is refused when it nests deeper than MAX_JSON_DEPTH, with the path.
 */
export function readPatternInput(input: unknown): { value: unknown; issues: Issue[] } {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { value: undefined, issues: [{ path: [], message: `${REASON_PREFIX}${reason}` }] };
    }
  }
  // checked before validation, whose walk is recursive: a deeper pattern is refused, never a stack overflow
  const path = tooDeep(value);
  if (path !== undefined) {
    return {
      value: undefined,
      issues: [{ path, message: `${REASON_PREFIX}nests deeper than ${MAX_JSON_DEPTH} levels` }],
    };
  }
  return { value, issues: [] };
}
