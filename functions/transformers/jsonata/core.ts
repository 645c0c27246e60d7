import type { Issue } from '../../../bus/errors.js';
import { TransformFailedError } from '../errors.js';
import { checkString, type TransformForm } from '../form.js';
import { asOutput } from '../render.js';
import { type JsonataEngine, jsonataEngine } from './engine.js';
import { hasLinearRegExp, LinearRegExp, nonLinearRegexIssues } from './linear-regexp.js';

/**
 * What one evaluation may spend, checked by jsonata's own guardrails at every step: wall time
 * (ms), nesting depth of the evaluation (a self-recursive function otherwise grows the heap
 * until the process aborts) and the length of any sequence it builds (`$append` doubling).
 * Evaluation runs on the caller's thread, so the time is also how long one bad event can hold it.
 */
export const JSONATA_BUDGET = {
  timeoutMs: 1000,
  depth: 1000,
  sequence: 1_000_000,
  resultBytes: 6 * 1024 * 1024,
} as const;

/** jsonata's codes for an evaluation that ran over the budget (D2014: a range over 10^7 items). */
const OVER_BUDGET: Record<string, string> = {
  D1011: `nesting deeper than ${JSONATA_BUDGET.depth} (runaway recursion?)`,
  D1012: `ran longer than ${JSONATA_BUDGET.timeoutMs} ms`,
  D2014: 'a range of more than 10,000,000 items',
  D2015: `a sequence longer than ${JSONATA_BUDGET.sequence} items`,
};

/**
 * JSONATA: `expression: "…"` evaluated with the `jsonata` package on each event; the result as for
 * JSONPATH (a string raw, anything else compact JSON, nothing → error). An expression that does not
 * parse is invalid at validation, with jsonata's reason and character position.
 *
 * @example await jsonataForm.compile({ expression: 'data.key' }, opts).transform(event) // 'ORD-1'
 */
export const jsonataForm: TransformForm = {
  form: 'JSONATA',
  keys: ['expression'],
  check: (spec) => {
    const issues = checkString(spec, 'expression');
    if (issues.length > 0) return issues;
    const parsed = parse(spec.expression as string);
    return 'issue' in parsed ? [parsed.issue] : nonLinearRegexIssues(parsed.expression.ast());
  },
  compile: (spec) => {
    const source = spec.expression as string;
    const parsed = parse(source);
    if ('issue' in parsed) throw new Error(parsed.issue.message);
    const expression = parsed.expression;
    return {
      transform: async (event) => {
        let result: unknown;
        try {
          result = await expression.evaluate(event);
        } catch (error) {
          const over = OVER_BUDGET[codeOf(error) ?? ''];
          if (over !== undefined) {
            throw new TransformFailedError('transform.expression-budget', `expression over its budget: ${over}`, {
              path: 'expression',
              cause: error,
            });
          }
          throw new TransformFailedError('transform.expression-failed', `expression failed: ${describe(error)}`, {
            path: 'expression',
            cause: error,
          });
        }
        if (overSize(result, JSONATA_BUDGET.resultBytes)) {
          // objects that share parts (\$f({"a": \$x, "b": \$x})) are small in memory and huge as JSON
          throw new TransformFailedError(
            'transform.expression-budget',
            `expression over its budget: a result of more than ${JSONATA_BUDGET.resultBytes} bytes`,
            { path: 'expression' },
          );
        }
        if (isJsonataFunction(result)) {
          throw new TransformFailedError('transform.not-json', 'expression: result is a function, not JSON', {
            path: 'expression',
          });
        }
        return asOutput(result, 'expression');
      },
    };
  },
};

/**
 * True when `value` as JSON would take more than `limit` bytes, about (strings by length, 8 bytes a
 * number or key's punctuation). The walk stops as soon as it is over, so its cost is bounded too.
 */
function overSize(value: unknown, limit: number): boolean {
  if (typeof value === 'string') return value.length > limit;
  if (typeof value !== 'object' || value === null) return false;
  let bytes = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const next = stack.pop();
    if (typeof next === 'string') bytes += next.length + 2;
    else if (typeof next !== 'object' || next === null) bytes += 8;
    else if (Array.isArray(next)) {
      bytes += 2 + next.length;
      for (const item of next) stack.push(item);
    } else {
      for (const [key, item] of Object.entries(next)) {
        bytes += key.length + 4;
        stack.push(item);
      }
    }
    if (bytes > limit) return true;
  }
  return false;
}

/** jsonata hands functions back as marked objects, which JSON.stringify would happily print. */
function isJsonataFunction(value: unknown): boolean {
  if (typeof value === 'function') return true;
  if (typeof value !== 'object' || value === null) return false;
  return '_jsonata_function' in value || '_jsonata_lambda' in value;
}

function parse(source: string): { expression: ReturnType<JsonataEngine> } | { issue: Issue } {
  if (source.trim() === '') return { issue: { path: ['expression'], message: 'expression is empty' } };
  try {
    const { timeoutMs, depth, sequence } = JSONATA_BUDGET;
    const budget = { timeout: timeoutMs, stack: depth, sequence };
    const regex = hasLinearRegExp() ? { RegexEngine: LinearRegExp as unknown as RegExpConstructor } : {};
    return { expression: jsonataEngine()(source, { ...budget, ...regex }) };
  } catch (error) {
    return { issue: { path: ['expression'], message: `expression does not parse: ${describe(error)}` } };
  }
}

function codeOf(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** jsonata errors are objects with `message`, `code` and `position` (not always Error instances). */
function describe(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const { message, code, position } = error as { message?: unknown; code?: unknown; position?: unknown };
  const at = typeof position === 'number' ? ` at character ${position}` : '';
  const tag = typeof code === 'string' ? ` [${code}]` : '';
  return `${String(message ?? error)}${at}${tag}`;
}
