import type { Bound, Condition } from '../pattern/conditions.js';
import { decimalOf, isNum } from '../pattern/json-number.js';

/** A string equal for equal conditions, so rules sharing an alternative share one index entry. */
export function conditionKey(c: Condition): string {
  switch (c.kind) {
    case 'exact':
      if (isNum(c.value)) return `exact:number:${decimalOf(c.value)}`;
      return `exact:${typeof c.value}:${String(c.value)}`;
    case 'prefix':
    case 'suffix':
      return `${c.kind}:${c.ignoreCase}:${c.value}`;
    case 'numeric': {
      const end = (b: Bound | null) => (b === null ? '' : `${b.inclusive}:${decimalOf(b.value)}`);
      return `numeric:${end(c.lower)}/${end(c.upper)}`;
    }
    case 'cidr':
      return `cidr:${c.low}:${c.high}`;
    case 'anything-but':
      return `anything-but:${JSON.stringify([[...c.strings].sort(), c.numbers.map(decimalOf).sort()])}`;
    case 'anything-but-ignore-case':
      return `${c.kind}:${JSON.stringify([...c.values].sort())}`;
    case 'anything-but-prefix':
    case 'anything-but-suffix':
    case 'anything-but-wildcard':
      return `${c.kind}:${JSON.stringify([...c.values].sort())}`;
    case 'equals-text':
      return `${c.kind}:${c.text === null ? 'null' : JSON.stringify(c.text)}`;
    case 'anything-but-text':
      return `${c.kind}:${c.nulls}:${JSON.stringify([...c.texts].sort())}`;
    case 'numeric-terms':
      return `${c.kind}:${JSON.stringify(c.terms)}`;
    case 'ipv4-range':
      return `${c.kind}:${c.low}:${c.high}`;
    default:
      return `${c.kind}:${String(c.value)}`;
  }
}
