import { ConfluxError } from '../errors.js';

/**
 * Errors of the delivery path, and the one question every failed send asks: is another
 * attempt worth it? `classifyError` answers with a verdict *and a reason* (vector's
 * `RetryAction::{Retry, DontRetry}(reason)`), never a bare boolean.
 */

/** The base of delivery errors (`code` starts with `delivery.`). */
export class DeliveryError extends ConfluxError {}

/**
 * A sink reports a failed send in its own words: a code, whether retrying can help, the
 * HTTP status when there is one, and the library error as `cause`.
 *
 * @example throw new SinkError('sink.http.status', 'HTTP 503 from the endpoint', { retriable: true, status: 503 })
 */
export class SinkError extends DeliveryError {
  readonly status: number | undefined;

  constructor(code: string, message: string, options: { retriable?: boolean; status?: number; cause?: unknown } = {}) {
    super(code, message, options);
    this.status = options.status;
  }
}

/** The wait between attempts ended because the task was paused or stopped (its `cause` is the abort reason). */
export class DeliveryAbortedError extends DeliveryError {
  constructor(reason: unknown) {
    super('delivery.aborted', `delivery aborted: ${reasonText(reason)}`, { retriable: true, cause: reason });
  }
}

/**
 * The lanes stopped taking records because a record failed with `tolerance: NONE` (or the
 * task was stopped); `cause` is that record's failure. Records behind it were not delivered
 * and their offsets were not committed, so resuming the task delivers them again.
 */
export class DeliveryStoppedError extends DeliveryError {
  constructor(reason: unknown) {
    super(
      'delivery.stopped',
      `delivery stopped: ${reasonText(reason)}; the remaining records were not delivered to keep their order`,
      { cause: reason },
    );
  }
}

/**
 * A record could not be delivered: retries ran out, or the error was permanent. The task's
 * stop reason under `tolerance: NONE`; `cause` is the last error.
 */
export class DeliveryFailedError extends DeliveryError {
  readonly attempts: number;
  readonly exhaustedRetryCondition: string;

  constructor(failure: { attempts: number; exhaustedRetryCondition: string; error: unknown }) {
    const message = `delivery failed after ${failure.attempts} attempt(s): ${failure.exhaustedRetryCondition}`;
    super('delivery.failed', `${message}: ${reasonText(failure.error)}`, { cause: failure.error });
    this.attempts = failure.attempts;
    this.exhaustedRetryCondition = failure.exhaustedRetryCondition;
  }
}

/** A dead letter that cannot be read back (missing or mistyped extension attribute). */
export class DeadLetterError extends DeliveryError {}

/** Options that make no sense (a retry attempt that is not a whole number ≥ 1, …). */
export class DeliveryConfigError extends DeliveryError {}

function reasonText(reason: unknown): string {
  if (reason instanceof Error) return reason.message;
  return typeof reason === 'string' ? reason : String(reason);
}

/** What to do about a failed send, and why. */
export type Verdict = { verdict: 'retry'; reason: string } | { verdict: 'dead-letter'; reason: string };

/** An error's own properties, as a rule reads them. */
export type ErrorFields = Record<string, unknown>;

/**
 * A library's rule, kept beside the code that uses the library (a sink's send.ts, the Kafka
 * adapter): a verdict for the errors it knows, undefined for the rest.
 *
 * @example const pgDeadlock: ErrorRule = (e) => (e.code === '40P01' ? retry('deadlock') : undefined)
 */
export type ErrorRule = (e: ErrorFields) => Verdict | undefined;

/** A retry verdict with its reason. */
export const retry = (reason: string): Verdict => ({ verdict: 'retry', reason });
/** A dead-letter verdict (another attempt cannot help) with its reason. */
export const permanent = (reason: string): Verdict => ({ verdict: 'dead-letter', reason });

/** Node/undici socket and DNS codes: the peer may come back. */
// biome-ignore format: a table reads better packed
const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND',
  'EHOSTUNREACH', 'EHOSTDOWN', 'ENETUNREACH', 'ENETDOWN', 'ENETRESET', 'EADDRNOTAVAIL', 'EBUSY', 'EAGAIN',
  'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED',
]);

/** Node's own text for a connection the peer closed before answering. */
const SOCKET_HANG_UP = /socket hang up/i;

function httpStatus(e: ErrorFields): number | undefined {
  const response = e.response as ErrorFields | undefined;
  for (const value of [e.status, e.statusCode, response?.status]) {
    if (typeof value === 'number' && value >= 100 && value <= 599) return value;
  }
  return undefined;
}

/**
 * The verdict for an HTTP status: 5xx, 429 and 408 retry, other 4xx are permanent, the rest
 * (not an error status) undefined.
 *
 * @example statusVerdict(503) // {verdict:'retry', reason:'HTTP 503'}
 */
export function statusVerdict(status: number): Verdict | undefined {
  if (status >= 500 || status === 429 || status === 408) return retry(`HTTP ${status}`);
  return status >= 400 ? permanent(`HTTP ${status}`) : undefined;
}

/**
 * The rules every error meets, in order, the library rules between `BEFORE` and `AFTER` (a
 * driver's code wins over a message text); the first that decides wins. A rule that does not
 * know returns undefined.
 */
const BEFORE: ErrorRule[] = [
  (e) => (e.name === 'TimeoutError' ? retry('timeout') : undefined),
  (e) => (typeof e.code === 'string' && NETWORK_CODES.has(e.code) ? retry(`network error ${e.code}`) : undefined),
  (e) => {
    const status = httpStatus(e);
    return status === undefined ? undefined : statusVerdict(status);
  },
];
const AFTER: ErrorRule[] = [
  (e) => (typeof e.message === 'string' && SOCKET_HANG_UP.test(e.message) ? retry('connection lost') : undefined),
];
const GENERIC_RULES = [...BEFORE, ...AFTER];

function asFields(value: unknown): ErrorFields | undefined {
  return typeof value === 'object' && value !== null ? (value as ErrorFields) : undefined;
}

function decide(error: unknown, rules: readonly ErrorRule[], depth: number): Verdict | undefined {
  const e = asFields(error);
  if (e === undefined || depth > 5) return undefined;
  if (error instanceof ConfluxError) {
    return error.retriable ? retry(`retriable ${error.code}`) : permanent(error.code);
  }
  for (const rule of rules) {
    const verdict = rule(e);
    if (verdict !== undefined) return verdict;
  }
  if (Array.isArray(e.errors) && e.errors.length > 0) {
    const verdicts = e.errors.map((inner) => decide(inner, rules, depth + 1));
    if (verdicts.every((v) => v?.verdict === 'retry')) return verdicts[0];
  }
  return decide(e.cause, rules, depth + 1);
}

/**
 * Classifies a failed send. A `ConfluxError` (a sink's `SinkError`, a transform or encode
 * error) decides by its own `retriable` flag — each sink classifies its library's errors in
 * its send.ts and throws a SinkError, so what reaches a task is judged here by that flag.
 * Otherwise the generic rules — network errors, timeouts and HTTP 5xx/429/408 retry, other 4xx
 * are permanent — and the `libraryRules` a sink passes for its driver's errors. Wrapped errors
 * are judged by their `cause`, an AggregateError retried when every inner error is. What nothing recognises is retried, unless it is a
 * programming error (TypeError, RangeError, ReferenceError, SyntaxError), which another
 * attempt cannot fix.
 *
 * @example classifyError(Object.assign(new Error('x'), { code: 'ECONNRESET' })) // {verdict:'retry', reason:'network error ECONNRESET'}
 */
export function classifyError(error: unknown, libraryRules: readonly ErrorRule[] = []): Verdict {
  const rules = libraryRules.length === 0 ? GENERIC_RULES : [...BEFORE, ...libraryRules, ...AFTER];
  const verdict = decide(error, rules, 0);
  if (verdict !== undefined) return verdict;
  const programming = [TypeError, RangeError, ReferenceError, SyntaxError].some((type) => error instanceof type);
  if (programming) return permanent(`programming error ${(error as Error).name}`);
  return retry('unrecognised error');
}

/** The short code a dead letter's `errorcode` carries: the ConfluxError code, the library's code, `HTTP_<status>`, a protocol error `type`, or the error's name. */
export function errorCodeOf(error: unknown): string {
  if (error instanceof ConfluxError) return error.code;
  const e = asFields(error);
  if (e === undefined) return 'unknown';
  if (typeof e.code === 'string' && e.code !== '') return e.code;
  const status = httpStatus(e);
  if (status !== undefined) return `HTTP_${status}`;
  if (typeof e.type === 'string' && e.type !== '') return e.type;
  return typeof e.name === 'string' && e.name !== '' ? e.name : 'unknown';
}
