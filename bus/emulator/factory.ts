import type { Issue } from '../errors.js';
import type { MovedOffset, PartitionOffsets, ResetTo } from '../log/offsets-reset.js';
import type { TaskParts } from '../task/contract.js';
import type { IndexedDeadLetter, RedriveOutcome } from './store/dead-letter-index.js';

/** A task's definition as the user wrote it (validated); the emulator needs its name and its two types. */
export interface TaskDefinition {
  name: string;
  source: { type: string };
  sink: { type: string };
}

/** A dead letter as the API lists it: its id in the task's index, when it was stored, the letter, its last redrive. */
export type StoredDeadLetter = IndexedDeadLetter;

/** Where a task's dead letters are kept (its index in the data directory), read back for listing and redrive. */
export interface DeadLetterStore {
  /** Every letter of the task, oldest first. */
  list(): Promise<StoredDeadLetter[]>;
  markRedriven(id: string, outcome: RedriveOutcome, error?: string): Promise<void>;
}

/** The running parts of a task plus what the API reads about it. */
export interface BuiltTask extends TaskParts {
  /** Records not yet committed by the task's consumer group (Kafka's "diff offset"); null when unknown. */
  backlog?(): Promise<number | null>;
  deadLetters?: DeadLetterStore;
  /** The consumer group's committed offsets, log range and lag per partition. */
  offsets?(): Promise<PartitionOffsets[]>;
  /** Moves the consumer group's committed offsets (the task must not be running). */
  resetOffsets?(to: ResetTo): Promise<MovedOffset[]>;
}

/** What the emulator needs from infra to take task definitions over the API (bus knows no config schema). */
export interface TaskFactory<T extends TaskDefinition> {
  /** How many tasks may exist at once. */
  quota: number;
  /** Validates a definition; issue paths start inside the task (`sink.table`). */
  validate(raw: unknown): { ok: true; task: T } | { ok: false; issues: Issue[] };
  /** Problems with replacing `before` by `after` (a source or sink type may not change). */
  checkUpdate(before: T, after: T): Issue[];
  build(task: T): Promise<BuiltTask>;
  /** The definition as answers show it: secrets redacted (absent: shown as stored). */
  redact?(task: T): T;
  /** An update as sent → as meant: secrets sent back redacted take `before`'s values. */
  restoreSecrets?(before: T, raw: unknown): unknown;
  /** `text` (a reason, an error) with the task's secrets in it redacted, for answers and logs. */
  scrub?(task: T, text: string): string;
}
