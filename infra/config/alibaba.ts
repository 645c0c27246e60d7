import type { Issue } from '../../bus/errors.js';
import { DEFAULT_QUOTA, NAME_MAX_LENGTH } from './defaults.js';

/**
 * Alibaba's rules that conflux only warns about, or does not apply, by default — checked as errors
 * by `conflux validate --strict-alibaba` (and by the Alibaba EventBridge API): at most 20 tasks
 * (ApsaraMQ raises the quota only through a support ticket), task names of at most 127
 * characters (not cut), and transforms of the forms ApsaraMQ has (no JSONATA, conflux's own).
 * The alibaba pattern dialect (five expressions per field and the rest) is applied by the caller.
 */
export function strictAlibabaIssues(raw: unknown): Issue[] {
  if (raw === null || typeof raw !== 'object') return [];
  const { quota, tasks } = raw as { quota?: unknown; tasks?: unknown };
  const issues: Issue[] = [];
  if (typeof quota === 'number' && quota > DEFAULT_QUOTA) {
    issues.push({ path: ['quota'], message: `${QUOTA_NOTE.replace('QUOTA', String(quota))} (--strict-alibaba)` });
  }
  if (Array.isArray(tasks) && tasks.length > DEFAULT_QUOTA) {
    issues.push({
      path: ['tasks'],
      message: `${tasks.length} tasks exceed ApsaraMQ's quota of ${DEFAULT_QUOTA} (--strict-alibaba)`,
    });
  }
  if (!Array.isArray(tasks)) return issues;
  tasks.forEach((task: unknown, index) => {
    if (task === null || typeof task !== 'object') return;
    const { name } = task as { name?: unknown };
    if (typeof name === 'string' && name.length > NAME_MAX_LENGTH) {
      issues.push({
        path: ['tasks', index, 'name'],
        message: `is ${name.length} characters; Alibaba allows at most ${NAME_MAX_LENGTH} (--strict-alibaba)`,
      });
    }
    issues.push(...jsonataIssues(task, ['tasks', index]));
  });
  return issues;
}

/** The warning for a quota above ApsaraMQ's 20 tasks; `QUOTA` stands for the file's value. */
const QUOTA_NOTE =
  "quota QUOTA is above ApsaraMQ for Kafka's 20 connector tasks; the hosted service raises it only through a support ticket";

/** A quota above 20 is allowed, with this warning (an error under --strict-alibaba). */
export function quotaWarnings(raw: unknown): Issue[] {
  if (raw === null || typeof raw !== 'object') return [];
  const { quota } = raw as { quota?: unknown };
  if (typeof quota !== 'number' || !Number.isInteger(quota) || quota <= DEFAULT_QUOTA) return [];
  return [{ path: ['quota'], message: QUOTA_NOTE.replace('QUOTA', String(quota)) }];
}

/** Every transform spec with form JSONATA inside a task (its transform, its sink's fields). */
function jsonataIssues(value: unknown, path: (string | number)[]): Issue[] {
  if (value === null || typeof value !== 'object') return [];
  if (!Array.isArray(value) && (value as { form?: unknown }).form === 'JSONATA') {
    return [{ path: [...path, 'form'], message: 'JSONATA is a conflux extension ApsaraMQ lacks (--strict-alibaba)' }];
  }
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return entries.flatMap(([key, item]) => (key === 'filter' ? [] : jsonataIssues(item, [...path, key])));
}
