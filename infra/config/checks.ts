import type { Issue } from '../../bus/errors.js';
import { checkPattern, type Dialect } from '../../bus/pattern/index.js';
import { checkTransform } from '../../functions/transformers/compile.js';
import { DEFAULT_QUOTA, defaultConsumerGroup, NAME_MAX_LENGTH, truncateName } from './defaults.js';

/**
 * The checks zod cannot make field by field: they look across tasks (names, quota) or need
 * the file's dialect (filters). They read the raw input, so they report even when other
 * parts of the file are broken.
 */

type Path = (string | number)[];

/** Each task as an object with where it sits, skipping entries that are not mappings (zod reports those). */
function rawTasks(raw: unknown): { task: Record<string, unknown>; index: number }[] {
  if (raw === null || typeof raw !== 'object') return [];
  const tasks = (raw as { tasks?: unknown }).tasks;
  if (!Array.isArray(tasks)) return [];
  return tasks.flatMap((task, index) =>
    task !== null && typeof task === 'object' && !Array.isArray(task)
      ? [{ task: task as Record<string, unknown>, index }]
      : [],
  );
}

/** The dialect the file asks for, when it names a valid one; otherwise aws. */
export function dialectOf(raw: unknown): Dialect {
  const dialect = raw !== null && typeof raw === 'object' ? (raw as { dialect?: unknown }).dialect : undefined;
  return dialect === 'alibaba' ? 'alibaba' : 'aws';
}

/**
 * What a task's dialect (its own when it names one, else the file's) refuses in it, under `prefix`
 * (e.g. `['tasks', 0]`): its filter's pattern issues, and under aws the transform issues the
 * schema's laxer alibaba check let through (a TEMPLATE's undeclared `${x}`).
 */
export function filterIssues(task: Record<string, unknown>, prefix: Path, fileDialect: Dialect): Issue[] {
  const dialect = task.dialect === 'aws' || task.dialect === 'alibaba' ? task.dialect : fileDialect;
  const issues: Issue[] = [];
  if (task.filter !== undefined) {
    for (const issue of checkPattern(task.filter, { dialect })) {
      issues.push({ path: [...prefix, 'filter', ...issue.path], message: issue.message });
    }
  }
  if (dialect === 'aws' && task.transform !== undefined) {
    const lax = new Set(checkTransform(task.transform, { dialect: 'alibaba' }).map((i) => JSON.stringify(i)));
    for (const issue of checkTransform(task.transform)) {
      if (!lax.has(JSON.stringify(issue)))
        issues.push({ path: [...prefix, 'transform', ...issue.path], message: issue.message });
    }
  }
  return issues;
}

/** Warnings of one task: a name cut to 127 characters; a dead-letter target that tolerance NONE never uses. */
export function taskWarnings(task: Record<string, unknown>, prefix: Path): Issue[] {
  const warnings: Issue[] = [];
  const { name, errors } = task;
  if (typeof name === 'string' && name.length > NAME_MAX_LENGTH) {
    warnings.push({
      path: [...prefix, 'name'],
      message: `name is ${name.length} characters, more than ${NAME_MAX_LENGTH}; truncated to "${truncateName(name)}"`,
    });
  }
  if (errors !== null && typeof errors === 'object') {
    const { tolerance, deadLetter } = errors as { tolerance?: unknown; deadLetter?: unknown };
    if (tolerance === 'NONE' && deadLetter !== undefined) {
      warnings.push({
        path: [...prefix, 'errors', 'deadLetter'],
        message: 'never used: with tolerance NONE a failing event stops the task instead of being dead-lettered',
      });
    }
  }
  return warnings;
}

/** Every filter issue and warning of the file's tasks; `dialect` overrides the file's (--strict-alibaba). */
export function taskChecks(raw: unknown, dialect: Dialect = dialectOf(raw)): { issues: Issue[]; warnings: Issue[] } {
  const issues: Issue[] = [];
  const warnings: Issue[] = [];
  for (const { task, index } of rawTasks(raw)) {
    issues.push(...filterIssues(task, ['tasks', index], dialect));
    warnings.push(...taskWarnings(task, ['tasks', index]));
  }
  return { issues, warnings };
}

/** A later task with the name (after truncation) of an earlier one. */
export function duplicateNameIssues(raw: unknown): Issue[] {
  const seen = new Map<string, number>();
  const issues: Issue[] = [];
  for (const { task, index } of rawTasks(raw)) {
    if (typeof task.name !== 'string') continue;
    const name = truncateName(task.name);
    const first = seen.get(name);
    if (first === undefined) seen.set(name, index);
    else
      issues.push({
        path: ['tasks', index, 'name'],
        message: `duplicate task name "${name}"; tasks[${first}] has it too`,
      });
  }
  return issues;
}

/** More tasks than the file's quota (default 20) allows. An invalid quota is zod's to report. */
export function quotaIssues(raw: unknown): Issue[] {
  if (raw === null || typeof raw !== 'object') return [];
  const { quota = DEFAULT_QUOTA, tasks } = raw as { quota?: unknown; tasks?: unknown };
  if (!Array.isArray(tasks) || typeof quota !== 'number' || !Number.isInteger(quota) || quota < 1) return [];
  if (tasks.length <= quota) return [];
  const hint = (raw as { quota?: unknown }).quota === undefined ? 'the default quota' : 'quota';
  return [
    { path: ['tasks'], message: `${tasks.length} tasks exceed ${hint} of ${quota}; raise quota or remove tasks` },
  ];
}

/**
 * Two Kafka-source tasks reading one topic (on the same cluster, or both on the embedded bus) in
 * one consumer group: the group would split the topic's partitions between them, each seeing only
 * part of it. Reported at the later task, naming both.
 */
export function sharedGroupIssues(raw: unknown): Issue[] {
  const seen = new Map<string, { index: number; name: string }>();
  const issues: Issue[] = [];
  for (const { task, index } of rawTasks(raw)) {
    const source = task.source as { type?: unknown; topic?: unknown; brokers?: unknown; consumerGroup?: unknown };
    if (source === null || typeof source !== 'object' || source.type !== 'kafka' || typeof source.topic !== 'string')
      continue;
    const name = typeof task.name === 'string' ? truncateName(task.name) : `tasks[${index}]`;
    const group = groupName(source.consumerGroup) ?? defaultConsumerGroup(name);
    const cluster = Array.isArray(source.brokers) ? JSON.stringify([...source.brokers].map(String).sort()) : 'embedded';
    const key = JSON.stringify([cluster, source.topic, group]);
    const first = seen.get(key);
    if (first?.name === name) continue; // the same name twice: duplicateNameIssues says so
    if (first === undefined) {
      seen.set(key, { index, name });
      continue;
    }
    issues.push({
      path: ['tasks', index, 'source', 'consumerGroup'],
      message: `tasks[${first.index}] (${first.name}) and tasks[${index}] (${name}) both read topic ${source.topic} in consumer group ${group}: the group would split its partitions between them; give each task its own group`,
    });
  }
  return issues;
}

function groupName(group: unknown): string | undefined {
  if (typeof group === 'string') return group;
  if (group !== null && typeof group === 'object' && typeof (group as { name?: unknown }).name === 'string')
    return (group as { name: string }).name;
  return undefined;
}
