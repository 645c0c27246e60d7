import { ConfluxError, formatConfigPath, type Issue } from '../../bus/errors.js';

/** An issue that may know where in the file it is (syntax errors do; schema issues have a path instead). */
export interface SourceIssue extends Issue {
  line?: number;
  column?: number;
}

/** A conflux.yaml that cannot be read or is invalid; `issues` holds every problem. */
export class ConfigError extends ConfluxError {
  readonly issues: SourceIssue[];

  constructor(message: string, issues: SourceIssue[], options: { cause?: unknown; code?: string } = {}) {
    super(options.code ?? 'config.invalid', message, {
      path: issues[0] === undefined ? undefined : formatConfigPath(issues[0].path),
      cause: options.cause,
    });
    this.issues = issues;
  }
}
