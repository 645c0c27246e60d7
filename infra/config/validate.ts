import type { Issue } from '../../bus/errors.js';
import type { Dialect } from '../../bus/pattern/index.js';
import { checkWith } from '../../functions/shared/settings/config-issues.js';
import { quotaWarnings, strictAlibabaIssues } from './alibaba.js';
import {
  duplicateNameIssues,
  filterIssues,
  quotaIssues,
  sharedGroupIssues,
  taskChecks,
  taskWarnings,
} from './checks.js';
import { applyTaskDefaults } from './defaults.js';
import { sortByAppearance } from './order.js';
import { type Config, configSchema, type TaskConfig, taskSchema } from './schema.js';

/** The outcome of validation: the typed config with defaults, or every problem; warnings either way. */
export type Validation<T> =
  | { ok: true; value: T; warnings: Issue[] }
  | { ok: false; issues: Issue[]; warnings: Issue[] };

/** The outcome of `validateConfig`. */
export type ConfigValidation =
  | { ok: true; config: Config; warnings: Issue[] }
  | { ok: false; issues: Issue[]; warnings: Issue[] };

/** How strictly to validate: `strictAlibaba` applies all of Alibaba's rules at once (see alibaba.ts). */
export interface ValidateOptions {
  strictAlibaba?: boolean;
}

/**
 * Validates a parsed conflux.yaml and reports ALL problems at once — schema, unknown keys,
 * duplicate names, quota, filters (for the file's dialect), transform specs — each as an
 * Issue whose path points into the file, in the order the file shows them. With `strictAlibaba`,
 * filters are checked in the alibaba dialect whatever the file says, and Alibaba's limits that
 * are otherwise warnings (quota over 20, names over 127 characters) or absent (JSONATA) are errors.
 * @example validateConfig({ version: 1, tasks: [] }) // → {ok: true, config: {version: 1, quota: 20, dialect: 'aws', tasks: []}, warnings: []}
 */
export function validateConfig(raw: unknown, options: ValidateOptions = {}): ConfigValidation {
  const strict = options.strictAlibaba === true;
  const parsed = checkWith(configSchema, raw);
  const checks = taskChecks(raw, strict ? 'alibaba' : undefined);
  const issues = [
    ...(parsed.ok ? [] : parsed.issues),
    ...checks.issues,
    ...duplicateNameIssues(raw),
    ...quotaIssues(raw),
    ...sharedGroupIssues(raw),
    ...(strict ? strictAlibabaIssues(raw) : []),
  ];
  // strict: a name over 127 characters is an error, not a warning that it is cut
  const nameCut = (warning: Issue) => warning.path.at(-1) === 'name';
  const warnings = sortByAppearance(
    strict ? checks.warnings.filter((w) => !nameCut(w)) : [...quotaWarnings(raw), ...checks.warnings],
    raw,
  );
  if (!parsed.ok || issues.length > 0) return { ok: false, issues: sortByAppearance(issues, raw), warnings };
  const config = { ...parsed.value, tasks: parsed.value.tasks.map(applyTaskDefaults) };
  return { ok: true, config, warnings };
}

/**
 * Validates one task on its own, as the task API receives it (paths start inside the task:
 * `sink.table`). Names already taken are the caller's to check.
 */
export function validateTask(raw: unknown, options: { dialect?: Dialect } = {}): Validation<TaskConfig> {
  const parsed = checkWith(taskSchema, raw);
  const task = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const issues = [...(parsed.ok ? [] : parsed.issues), ...filterIssues(task, [], options.dialect ?? 'aws')];
  const warnings = sortByAppearance(taskWarnings(task, []), raw);
  if (!parsed.ok || issues.length > 0) return { ok: false, issues: sortByAppearance(issues, raw), warnings };
  return { ok: true, value: applyTaskDefaults(parsed.value), warnings };
}
