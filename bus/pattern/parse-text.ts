import type { Issue } from '../errors.js';
import { REASON_PREFIX } from './reasons.js';

/** A pattern given as JSON text is parsed (duplicate keys: the last wins); a parsed value passes through. */
export function readPatternInput(input: unknown): { value: unknown; issues: Issue[] } {
  if (typeof input !== 'string') return { value: input, issues: [] };
  try {
    return { value: JSON.parse(input), issues: [] };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { value: undefined, issues: [{ path: [], message: `${REASON_PREFIX}${reason}` }] };
  }
}
