import type { Condition } from '../pattern/index.js';

/** A string equal for equal conditions, so rules sharing an alternative share one index entry. */
export function conditionKey(c: Condition): string {
  switch (c.kind) {
    case 'exact':
      return `exact:${typeof c.value}:${String(c.value)}`;
    case 'prefix':
    case 'suffix':
      return `${c.kind}:${c.ignoreCase}:${c.value}`;
    case 'numeric':
      return `numeric:${JSON.stringify([c.lower, c.upper])}`;
    case 'cidr':
      return `cidr:${c.low}:${c.high}`;
    case 'anything-but':
      return `anything-but:${JSON.stringify([[...c.strings].sort(), [...c.numbers].sort()])}`;
    case 'anything-but-ignore-case':
      return `${c.kind}:${JSON.stringify([...c.values].sort())}`;
    case 'anything-but-prefix':
    case 'anything-but-suffix':
    case 'anything-but-wildcard':
      return `${c.kind}:${JSON.stringify([...c.values].sort())}`;
    default:
      return `${c.kind}:${String(c.value)}`;
  }
}
