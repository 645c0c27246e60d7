import { ConfluxError, formatConfigPath, type Issue } from '../errors.js';

/** A refused task API call: an HTTP status, a stable code, and the problems with their paths. */
export class ApiError extends ConfluxError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
    readonly issues: Issue[] = [],
  ) {
    super(code, message);
  }

  /** The JSON body the API sends: `{error, code, issues: [{path, message}]}`. */
  body(): { error: string; code: string; issues: { path: string; message: string }[] } {
    return {
      error: this.message,
      code: this.code,
      issues: this.issues.map((issue) => ({ path: formatConfigPath(issue.path), message: issue.message })),
    };
  }
}

/** 404 for a task name nobody created. */
export function noSuchTask(name: string): ApiError {
  return new ApiError(404, 'task.not-found', `no task named ${name}`);
}
