import { ConfluxError, messageOf } from '../../../bus/errors.js';

/** The failed part of one outcome (the shape event-sources.ts `Outcome` has). */
interface Settled<Id> {
  identifier: Id;
  ok: boolean;
  error?: unknown;
}

/**
 * The error that fails an invocation whose trigger has no partial batch response (Amazon MQ, an
 * IoT rule): it names every failed record, `name(identifier)` saying which, so the log shows what the
 * retry of the whole batch is for; `undefined` when none failed.
 *
 * @example throw failedInvocation(outcomes, (id) => `rmqMessagesByQueue["${id.queue}"][${id.index}]`)
 */
export function failedInvocation<Id>(
  outcomes: readonly Settled<Id>[],
  name: (identifier: Id) => string,
  what = 'messages',
): ConfluxError | undefined {
  const failed = outcomes.filter((o) => !o.ok);
  if (failed.length === 0) return undefined;
  const lines = failed.map((o) => `${name(o.identifier)}: ${messageOf(o.error)}`);
  return new ConfluxError(
    'handler.batch-failed',
    `${failed.length} of ${outcomes.length} ${what} failed; the whole batch is retried:\n${lines.join('\n')}`,
    { retriable: true, cause: failed.map((o) => o.error) },
  );
}
