import type { Issue } from '../errors.js';
import { JsonNumber } from './json-number.js';

/** AWS prefixes every pattern problem with this (localstack `event_rule_engine.py`, AWS snapshots). */
export const REASON_PREFIX = 'Event pattern is not valid. Reason: ';

/** Collects the problems found while validating, each with its path inside the pattern. */
export class Problems {
  readonly issues: Issue[] = [];

  /** Records `reason` at `path`; always returns null so callers can `return problems.add(...)`. */
  add(path: readonly (string | number)[], reason: string): null {
    this.issues.push({ path: [...path], message: REASON_PREFIX + reason });
    return null;
  }
}

/** Plain-object test shared by the validator: not null, not an array, not a number kept as text. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof JsonNumber);
}
