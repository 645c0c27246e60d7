import { ConfluxError, formatJsonPath, type Issue } from '../errors.js';

/**
 * A pattern that failed validation: code `pattern.invalid`, AWS's message, and the JSON path
 * inside the pattern (`$.detail.state[0].prefix`). `issues` holds every problem found.
 */
export class InvalidPatternError extends ConfluxError {
  readonly issues: Issue[];

  constructor(issues: Issue[]) {
    const first = issues[0] ?? { path: [], message: 'Event pattern is not valid.' };
    super('pattern.invalid', first.message, { path: formatJsonPath(first.path) });
    this.issues = issues;
  }
}
