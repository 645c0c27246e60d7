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

type Fields = Record<string, unknown>;
type Rule = (e: Fields) => Verdict | undefined;

const retry = (reason: string): Verdict => ({ verdict: 'retry', reason });
const permanent = (reason: string): Verdict => ({ verdict: 'dead-letter', reason });

/** Node/undici socket and DNS codes, mysql2 connection codes, NATS client codes: the peer may come back. */
// biome-ignore format: a table reads better packed
const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND',
  'EHOSTUNREACH', 'EHOSTDOWN', 'ENETUNREACH', 'ENETDOWN', 'ENETRESET', 'EADDRNOTAVAIL', 'EBUSY', 'EAGAIN',
  'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED',
  'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT', 'CONNECTION_REFUSED', 'CONNECTION_CLOSED',
  'CONNECTION_TIMEOUT', 'CONNECTION_DRAINING', 'DISCONNECT', 'TIMEOUT', 'NO_RESPONDERS', '503',
]);

/** PostgreSQL SQLSTATEs (or classes) worth retrying: connection, deadlock/serialization, resources, shutdown, lock timeout. */
// biome-ignore format: a table reads better packed
const PG_RETRY: Record<string, string> = {
  '08': 'connection exception', '40001': 'serialization failure', '40P01': 'deadlock detected',
  '53': 'insufficient resources', '55P03': 'lock not available', '57014': 'statement timeout or cancel',
  '57P01': 'server shutting down', '57P02': 'server crashed', '57P03': 'server not accepting connections',
  '58': 'system error',
};

/** MySQL/MariaDB errnos worth retrying. */
// biome-ignore format: a table reads better packed
const MYSQL_RETRY: Record<number, string> = {
  1213: 'deadlock', 1205: 'lock wait timeout', 1040: 'too many connections', 1053: 'server shutting down',
  1927: 'connection killed', 2002: 'cannot connect', 2003: 'cannot connect', 2006: 'server has gone away',
  2013: 'lost connection',
};

/** Connection-loss texts of libraries that throw plain `Error`s (pg, pg-pool, ioredis, amqplib). */
const CONNECTION_LOST =
  /connection terminated|timeout exceeded when trying to connect|connection is closed|socket hang up|channel closed|connection closed/i;

function httpStatus(e: Fields): number | undefined {
  const meta = e.$metadata as Fields | undefined;
  const response = e.response as Fields | undefined;
  for (const value of [e.status, e.statusCode, meta?.httpStatusCode, response?.status]) {
    if (typeof value === 'number' && value >= 100 && value <= 599) return value;
  }
  return undefined;
}

/** The rules, in order; the first that decides wins. A rule that does not know returns undefined. */
const RULES: Rule[] = [
  (e) => (e.name === 'TimeoutError' ? retry('timeout') : undefined),
  (e) => (typeof e.code === 'string' && NETWORK_CODES.has(e.code) ? retry(`network error ${e.code}`) : undefined),
  (e) => {
    // kafkajs gives up after its own retries with retriable:false; the cause says whether ours can help
    if (typeof e.retriable !== 'boolean' || e.name === 'KafkaJSNumberOfRetriesExceeded') return undefined;
    const what = `${String(e.name ?? 'error')}${typeof e.type === 'string' ? ` ${e.type}` : ''}`;
    return e.retriable ? retry(`retriable ${what}`) : permanent(`non-retriable ${what}`);
  },
  (e) =>
    e.$retryable !== undefined && e.$retryable !== null ? retry(`retryable AWS error ${String(e.name)}`) : undefined,
  (e) => {
    const status = httpStatus(e);
    if (status === undefined) return undefined;
    if (status >= 500 || status === 429 || status === 408) return retry(`HTTP ${status}`);
    return status >= 400 ? permanent(`HTTP ${status}`) : undefined;
  },
  (e) => {
    if (typeof e.severity !== 'string' || typeof e.code !== 'string' || !/^[0-9A-Z]{5}$/.test(e.code)) return undefined;
    const why = PG_RETRY[e.code] ?? PG_RETRY[e.code.slice(0, 2)];
    if (why !== undefined) return retry(`PostgreSQL ${e.code} (${why})`);
    const kind = e.code.startsWith('23') ? 'constraint violation' : 'rejected by the database';
    return permanent(`PostgreSQL ${e.code} (${kind})`);
  },
  (e) => {
    const isMysql = typeof e.sqlState === 'string' || (typeof e.code === 'string' && e.code.startsWith('ER_'));
    if (!isMysql || typeof e.errno !== 'number') return undefined;
    const why = MYSQL_RETRY[e.errno];
    if (why !== undefined) return retry(`MySQL ${e.errno} (${why})`);
    const kind = String(e.sqlState).startsWith('23') ? 'constraint violation' : 'rejected by the database';
    return permanent(`MySQL ${e.errno} (${kind})`);
  },
  (e) => (typeof e.message === 'string' && CONNECTION_LOST.test(e.message) ? retry('connection lost') : undefined),
];

function asFields(value: unknown): Fields | undefined {
  return typeof value === 'object' && value !== null ? (value as Fields) : undefined;
}

function decide(error: unknown, depth: number): Verdict | undefined {
  const e = asFields(error);
  if (e === undefined || depth > 5) return undefined;
  if (error instanceof ConfluxError) {
    return error.retriable ? retry(`retriable ${error.code}`) : permanent(error.code);
  }
  for (const rule of RULES) {
    const verdict = rule(e);
    if (verdict !== undefined) return verdict;
  }
  if (Array.isArray(e.errors) && e.errors.length > 0) {
    const verdicts = e.errors.map((inner) => decide(inner, depth + 1));
    if (verdicts.every((v) => v?.verdict === 'retry')) return verdicts[0];
  }
  return decide(e.cause, depth + 1);
}

/**
 * Classifies a failed send. Retry: network errors, timeouts, HTTP 5xx/429/408, database
 * deadlocks, serialization failures and lost connections, errors flagged `retriable: true`
 * (kafkajs, `SinkError`). Dead-letter: other 4xx, constraint violations and other database
 * rejections, errors flagged `retriable: false` — a `ConfluxError`'s own flag decides, so
 * transform and encode errors are permanent. Wrapped errors are judged by their `cause`.
 * What nothing recognises is retried, unless it is a programming error (TypeError,
 * RangeError, ReferenceError, SyntaxError), which another attempt cannot fix.
 *
 * @example classifyError(Object.assign(new Error('x'), { code: 'ECONNRESET' })) // {verdict:'retry', reason:'network error ECONNRESET'}
 */
export function classifyError(error: unknown): Verdict {
  const verdict = decide(error, 0);
  if (verdict !== undefined) return verdict;
  const programming = [TypeError, RangeError, ReferenceError, SyntaxError].some((type) => error instanceof type);
  if (programming) return permanent(`programming error ${(error as Error).name}`);
  return retry('unrecognised error');
}

/** The short code a dead letter's `errorcode` carries: the ConfluxError code, the library's code, `HTTP_<status>`, or the error's name. */
export function errorCodeOf(error: unknown): string {
  if (error instanceof ConfluxError) return error.code;
  const e = asFields(error);
  if (e === undefined) return 'unknown';
  if (typeof e.code === 'string' && e.code !== '') return e.code;
  if (typeof e.errno === 'number' && typeof e.sqlState === 'string') return String(e.errno);
  const status = httpStatus(e);
  if (status !== undefined) return `HTTP_${status}`;
  if (typeof e.type === 'string' && e.type !== '') return e.type;
  return typeof e.name === 'string' && e.name !== '' ? e.name : 'unknown';
}
