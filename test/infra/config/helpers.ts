import { formatIssue, formatWarning } from '../../../infra/config/format.js';
import { validateConfig } from '../../../infra/config/validate.js';

/** A task that is valid as it stands; tests override one field at a time. */
export function task(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'orders-to-file',
    source: { type: 'kafka', topic: 'orders' },
    sink: { type: 'file', path: 'out.jsonl' },
    ...overrides,
  };
}

/** A file holding `tasks` (default: one valid task). */
export function file(overrides: Record<string, unknown> = {}, tasks: unknown[] = [task()]): Record<string, unknown> {
  return { version: 1, tasks, ...overrides };
}

/** The `path: message` lines `conflux validate` would print for `raw` (empty when valid). */
export function problems(raw: unknown): string[] {
  const result = validateConfig(raw);
  return result.ok ? [] : result.issues.map((issue) => formatIssue(issue));
}

/** The `path: warning: …` lines for `raw`. */
export function warnings(raw: unknown): string[] {
  return validateConfig(raw).warnings.map((warning) => formatWarning(warning));
}
