import type { Branch, Condition } from './conditions.js';
import { isNum } from './json-number.js';

/**
 * Whether some condition of the branches looks at event numbers (exact numbers, `numeric`,
 * `anything-but` numbers): only then must a runtime give the matcher numbers as written
 * (parseJsonLossless) rather than as JSON.parse rounds them.
 * @example readsNumbers(compilePattern({ a: [{ numeric: ['>', 1] }] }).branches) // true
 */
export function readsNumbers(branches: readonly Branch[]): boolean {
  return branches.some((branch) => branch.clauses.some((clause) => clause.conditions.some(comparesNumbers)));
}

function comparesNumbers(c: Condition): boolean {
  switch (c.kind) {
    case 'exact':
      return isNum(c.value);
    case 'numeric':
      return true;
    case 'anything-but':
      return c.numbers.length > 0;
    case 'equals-text':
    case 'anything-but-text':
      return true; // the alibaba dialect compares numbers as written: 3.0e2 is not 300
    default:
      return false;
  }
}
