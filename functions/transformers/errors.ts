import { ConfluxError, formatConfigPath, type Issue } from '../../bus/errors.js';

/**
 * A transform spec that cannot be used: every problem, each with its path inside the spec.
 * Permanent: the same spec fails the same way.
 */
export class InvalidTransformError extends ConfluxError {
  readonly issues: Issue[];

  constructor(issues: Issue[], options: { cause?: unknown } = {}) {
    const first = issues[0];
    const where = first === undefined || first.path.length === 0 ? '' : `${formatConfigPath(first.path)}: `;
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    super('transform.invalid', `${where}${first?.message ?? 'invalid transform'}${more}`, {
      path: first === undefined ? undefined : formatConfigPath(first.path),
      ...options,
    });
    this.issues = issues;
  }
}

/**
 * One event could not be transformed (nothing selected, an expression or handler failed).
 * Transform errors are permanent unless the cause was time (a timeout) — DESIGN.md "Delivery".
 */
export class TransformFailedError extends ConfluxError {
  constructor(code: string, message: string, options: { path?: string; retriable?: boolean; cause?: unknown } = {}) {
    super(code, message, options);
  }
}

/** JSONPATH/JSONATA selected nothing: the rule says that is an error for this event. */
export function nothingSelected(what: string): TransformFailedError {
  return new TransformFailedError('transform.nothing-selected', `${what}: nothing selected`, { path: what });
}
