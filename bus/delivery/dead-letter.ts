import { z } from 'zod';
import { formatJsonPath, messageOf } from '../errors.js';
import type { CloudEvent } from '../event.js';
import { DeadLetterError, errorCodeOf } from './errors.js';

/**
 * A dead letter is the original CloudEvent — same id, source, type, data — plus extension
 * attributes saying why it was given up on (as Knative adds `knativeerror*` to a failed
 * event). Redrive strips them again. An original event that itself carries one of these
 * attribute names loses that value in the dead letter; a redriven dead letter that fails
 * again just gets fresh values.
 */

/** The extension attributes a dead letter carries (CloudEvents names: lower-case alphanumerics). */
export const DEAD_LETTER_EXTENSIONS = [
  'errorcode',
  'errormessage',
  'task',
  'sink',
  'attempts',
  'firstattempt',
  'lastattempt',
  'exhaustedretrycondition',
] as const;

/** How delivery ended for a record given up on: the fields of `withRetry`'s `failed` result. */
export interface DeadLetterFailure {
  error: unknown;
  attempts: number;
  /** Clock milliseconds of the first and last attempt. */
  firstAttempt: number;
  lastAttempt: number;
  exhaustedRetryCondition: string;
}

/** Which task and which sink gave up (the sink is named by its type, e.g. `postgres`). */
export interface DeadLetterSource {
  task: string;
  sink: string;
}

/** A dead letter's reasons, read back (timestamps as RFC 3339 strings, as stored). */
export interface DeadLetterInfo {
  errorCode: string;
  errorMessage: string;
  task: string;
  sink: string;
  attempts: number;
  firstAttempt: string;
  lastAttempt: string;
  exhaustedRetryCondition: string;
}

/** Longer error messages are cut here, so one huge error cannot swell every dead letter. */
export const MAX_ERROR_MESSAGE = 2048;

/**
 * The dead letter for `event`: a copy with the eight extension attributes set. `attempts` is
 * an Integer, `firstattempt`/`lastattempt` are Timestamps (RFC 3339), the rest Strings.
 *
 * @example toDeadLetter(event, result, { task: 'orders-to-pg', sink: 'postgres' }).errorcode // '23505'
 */
export function toDeadLetter(event: CloudEvent, failure: DeadLetterFailure, source: DeadLetterSource): CloudEvent {
  const message = messageOf(failure.error);
  return {
    ...event,
    errorcode: errorCodeOf(failure.error),
    errormessage: message.length > MAX_ERROR_MESSAGE ? `${message.slice(0, MAX_ERROR_MESSAGE - 1)}…` : message,
    task: source.task,
    sink: source.sink,
    attempts: failure.attempts,
    firstattempt: new Date(failure.firstAttempt).toISOString(),
    lastattempt: new Date(failure.lastAttempt).toISOString(),
    exhaustedretrycondition: failure.exhaustedRetryCondition,
  };
}

// Transports that carry attributes as text (Kafka binary mode headers) turn `attempts` into a string.
// Built on first use, not at load: a deployed function delivers (toDeadLetter's module) but never
// reads dead letters, and its bundle leaves zod out only when nothing here runs zod at load time.
const buildInfoSchema = () =>
  z.object({
    errorcode: z.string(),
    errormessage: z.string(),
    task: z.string(),
    sink: z.string(),
    attempts: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).pipe(z.number().int().min(0)),
    firstattempt: z.iso.datetime({ offset: true }),
    lastattempt: z.iso.datetime({ offset: true }),
    exhaustedretrycondition: z.string(),
  });
let infoSchema: ReturnType<typeof buildInfoSchema> | undefined;
const schemaOfInfo = () => (infoSchema ??= buildInfoSchema());

/** Whether `event` has every dead-letter attribute, well formed. */
export function isDeadLetter(event: CloudEvent): boolean {
  return schemaOfInfo().safeParse(event).success;
}

/**
 * Reads a dead letter back: why it failed (`info`) and the original event (`event`).
 * Throws `DeadLetterError` (code `delivery.dead-letter.invalid`, path of the first bad attribute).
 */
export function readDeadLetter(deadLetter: CloudEvent): { event: CloudEvent; info: DeadLetterInfo } {
  const parsed = schemaOfInfo().safeParse(deadLetter);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = formatJsonPath((issue?.path ?? []).filter((p) => typeof p !== 'symbol'));
    throw new DeadLetterError('delivery.dead-letter.invalid', `not a dead letter: ${path}: ${issue?.message}`, {
      path,
    });
  }
  const p = parsed.data;
  const event: CloudEvent = { ...deadLetter };
  for (const name of DEAD_LETTER_EXTENSIONS) delete event[name];
  const info: DeadLetterInfo = {
    errorCode: p.errorcode,
    errorMessage: p.errormessage,
    task: p.task,
    sink: p.sink,
    attempts: p.attempts,
    firstAttempt: p.firstattempt,
    lastAttempt: p.lastattempt,
    exhaustedRetryCondition: p.exhaustedretrycondition,
  };
  return { event, info };
}

/**
 * The original event inside a dead letter, ready to redrive.
 *
 * @example await task.deliver(fromDeadLetter(deadLetter))
 */
export function fromDeadLetter(deadLetter: CloudEvent): CloudEvent {
  return readDeadLetter(deadLetter).event;
}
