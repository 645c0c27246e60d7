import { formatConfigPath } from '../../bus/errors.js';
import type { SourceIssue } from './errors.js';

function where(issue: SourceIssue, file: string | undefined): string {
  if (issue.line !== undefined) return `${file ?? '(input)'}:${issue.line}:${issue.column ?? 1}`;
  if (issue.path.length === 0 && file !== undefined) return file; // about the whole file: it is missing, say
  return formatConfigPath(issue.path);
}

/**
 * One problem as `conflux validate` prints it: `tasks[1].concurrency: must be an integer from 1 to 32 (got 40)`,
 * or `conflux.yaml:4:5: YAML syntax error: …` when the issue knows its line.
 */
export function formatIssue(issue: SourceIssue, file?: string): string {
  return `${where(issue, file)}: ${issue.message}`;
}

/** One warning as `conflux validate` prints it: `tasks[0].name: warning: …`. */
export function formatWarning(warning: SourceIssue, file?: string): string {
  return `${where(warning, file)}: warning: ${warning.message}`;
}
