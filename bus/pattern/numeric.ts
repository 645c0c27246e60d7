import type { Bound, Condition } from './conditions.js';
import { compareNumbers, isNum, type Num, simplify } from './json-number.js';
import type { Problems } from './reasons.js';

type Path = readonly (string | number)[];

/**
 * `["numeric", [">", 0, "<=", 5]]` → `{kind: 'numeric', lower: {0, open}, upper: {5, closed}}`,
 * following event-ruler's grammar: `=` alone; `>`/`>=` optionally followed by `<`/`<=`;
 * `<`/`<=` alone; a range needs lower < upper.
 */
export function parseNumeric(arg: unknown, path: Path, problems: Problems): Condition | null {
  if (!Array.isArray(arg)) return problems.add(path, 'Value of numeric must be an array.');
  const at = (i: number) => [...path, i];
  const [op, value] = arg as unknown[];
  if (typeof op !== 'string') return problems.add(at(0), `Invalid member in numeric match: ${text(op)}`);
  const label = op === '=' ? 'equals' : op;
  if (!['=', '>', '>=', '<', '<='].includes(op)) {
    return problems.add(at(0), `Unrecognized numeric range operator: ${op}`);
  }
  if (!isNum(value)) return problems.add(at(1), `Value of ${label} must be numeric`);
  if (!inDoubleRange(value)) return problems.add(at(1), `Value of ${label} is beyond what a double holds`);
  if (op === '=' || op === '<' || op === '<=') {
    if (arg.length > 2) return problems.add(at(2), 'Too many elements in numeric expression');
    const bound = simplify(value);
    if (op === '=')
      return { kind: 'numeric', lower: { value: bound, inclusive: true }, upper: { value: bound, inclusive: true } };
    return { kind: 'numeric', lower: null, upper: { value: bound, inclusive: op === '<=' } };
  }
  const lower: Bound = { value: simplify(value), inclusive: op === '>=' };
  if (arg.length === 2) return { kind: 'numeric', lower, upper: null };
  const [topOp, top] = arg.slice(2) as unknown[];
  if (typeof topOp !== 'string') return problems.add(at(2), `Bad value in numeric range: ${text(topOp)}`);
  if (topOp !== '<' && topOp !== '<=') return problems.add(at(2), `Bad numeric range operator: ${topOp}`);
  if (!isNum(top)) return problems.add(at(3), `Value of ${topOp} must be numeric`);
  if (!inDoubleRange(top)) return problems.add(at(3), `Value of ${topOp} is beyond what a double holds`);
  if (arg.length > 4) return problems.add(at(4), 'Too many terms in numeric range expression');
  if (!(compareNumbers(value, top) < 0)) return problems.add(path, 'Bottom must be less than top');
  return { kind: 'numeric', lower, upper: { value: simplify(top), inclusive: topOp === '<=' } };
}

/** event-ruler refuses numeric operands that overflow a double or underflow to 0 (`1E309`, `1E-325`). */
function inDoubleRange(value: Num): boolean {
  if (typeof value === 'number') return true;
  return Number.isFinite(value.value) && (value.value !== 0 || value.decimal === '0');
}

function text(value: unknown): string {
  if (value === undefined) return ']';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
