import { fromDeadLetter } from '../delivery/index.js';
import { messageOf } from '../errors.js';
import type { CloudEvent } from '../event.js';
import type { BatchOutcome } from '../task/deliver.js';
import { ApiError } from './api-error.js';
import type { DeadLetterStore, StoredDeadLetter } from './factory.js';
import type { RedriveOutcome } from './store/dead-letter-index.js';

/** Which letters to redrive: the given ids (each must exist), or all; `again` includes those redriven before. */
export interface RedriveRequest {
  ids?: string[];
  again?: boolean;
}

/** What a redrive did: counts, the outcome of each letter, and why it stopped early when it did. */
export interface RedriveResult {
  redriven: number;
  /** Letters left alone because they were redriven before (ask with `again`). */
  skipped: number;
  delivered: number;
  deadLettered: number;
  dropped: number;
  letters: { id: string; outcome: RedriveOutcome }[];
  stop?: string;
}

/**
 * Delivers a task's dead letters again through its transform and sink, one letter at a time, and
 * marks each redriven with the time and outcome. A letter already redriven (delivered, or
 * dead-lettered or dropped again — a letter failing again gets a new id) is skipped unless
 * `again`; one whose redrive failed (the task's tolerance NONE stopped it) is tried again. An
 * unknown id is an error and nothing is redriven. The first failure ends the redrive.
 */
export async function redriveDeadLetters(
  task: string,
  store: DeadLetterStore,
  redrive: (events: CloudEvent[]) => Promise<BatchOutcome>,
  request: RedriveRequest = {},
): Promise<RedriveResult> {
  const all = await store.list();
  const chosen = request.ids === undefined ? all : pick(task, all, request.ids);
  const due = chosen.filter((letter) => request.again === true || !done(letter));
  const result: RedriveResult = {
    redriven: 0,
    skipped: chosen.length - due.length,
    delivered: 0,
    deadLettered: 0,
    dropped: 0,
    letters: [],
  };
  for (const letter of due) {
    const outcome = await redrive([fromDeadLetter(letter.deadLetter)]);
    const status = outcomeOf(outcome);
    await store.markRedriven(letter.id, status, outcome.stop === undefined ? undefined : messageOf(outcome.stop));
    result.redriven++;
    result.delivered += outcome.delivered;
    result.deadLettered += outcome.deadLettered;
    result.dropped += outcome.dropped;
    result.letters.push({ id: letter.id, outcome: status });
    if (outcome.stop !== undefined) {
      result.stop = messageOf(outcome.stop);
      break;
    }
  }
  return result;
}

function pick(task: string, all: StoredDeadLetter[], ids: string[]): StoredDeadLetter[] {
  const byId = new Map(all.map((letter) => [letter.id, letter]));
  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length > 0) {
    throw new ApiError(404, 'deadletter.not-found', `task ${task} has no dead letter ${unknown.join(', ')}`);
  }
  return [...new Set(ids)].map((id) => byId.get(id)!);
}

function done(letter: StoredDeadLetter): boolean {
  return letter.redriven !== undefined && letter.redriven.outcome !== 'failed';
}

function outcomeOf(outcome: BatchOutcome): RedriveOutcome {
  if (outcome.stop !== undefined) return 'failed';
  if (outcome.deadLettered > 0) return 'dead-lettered';
  if (outcome.dropped > 0) return 'dropped';
  return 'delivered';
}
