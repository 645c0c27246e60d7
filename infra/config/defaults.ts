/**
 * Every default a task gets, in one place. Field defaults of each source and sink live in
 * its own `config.ts`; these are the task-level ones and those derived from the task name.
 *
 * - `concurrency: 1` — one lane, so order holds across keys too; raise it for throughput.
 * - `retry.policy: BACKOFF_RETRY` — ApsaraMQ's default (3 retries, 10–20 s apart).
 * - `errors.tolerance: ALL` — ApsaraMQ's recommended setting: a failing event is dead-lettered
 *   (or, with no `deadLetter`, dropped and counted) and the task goes on. `NONE` stops the task.
 * - no `deadLetter` — as in ApsaraMQ, dead-lettering is off until a target is given.
 * - `transform: {form: ORIGINAL}` — the sink receives the whole CloudEvent as compact JSON.
 * - no `delivery` — at-least-once, DESIGN.md's contract; `exactly-once` (Kafka → Kafka only) adds a
 *   Kafka transaction per batch.
 * - Kafka source `consumerGroup: GID_conflux_<task name>` — stable across restarts, so a task
 *   resumes where it stopped; one group per task, so two tasks on a topic each see every record.
 */
export const taskDefaults = {
  concurrency: 1,
  retry: { policy: 'BACKOFF_RETRY' },
  errors: { tolerance: 'ALL' },
  transform: { form: 'ORIGINAL' },
} as const;

/** Tasks allowed in one file unless `quota` says otherwise (ApsaraMQ's default connector quota). */
export const DEFAULT_QUOTA = 20;

/** Longest task name kept; longer names are cut to this length with a warning. */
export const NAME_MAX_LENGTH = 127;

/** The consumer group a Kafka source uses when none is given. */
export function defaultConsumerGroup(taskName: string): string {
  return `GID_conflux_${taskName}`;
}

/** A task name cut to NAME_MAX_LENGTH characters. */
export function truncateName(name: string): string {
  return name.length > NAME_MAX_LENGTH ? name.slice(0, NAME_MAX_LENGTH) : name;
}

/** Fills the defaults that depend on more than one field (here: the task name); returns a new task. */
export function applyTaskDefaults<T extends { name: string; source: { type: string } }>(task: T): T {
  if (task.source.type !== 'kafka') return task;
  const source = task.source as { type: 'kafka'; consumerGroup?: string };
  if (source.consumerGroup !== undefined) return task;
  return { ...task, source: { ...source, consumerGroup: defaultConsumerGroup(task.name) } };
}
