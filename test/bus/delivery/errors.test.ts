import { describe, expect, it } from 'vitest';
import {
  classifyError,
  DeliveryAbortedError,
  DeliveryFailedError,
  DeliveryStoppedError,
  type ErrorRule,
  errorCodeOf,
  permanent,
  retry,
  SinkError,
  statusVerdict,
} from '../../../bus/delivery/errors.js';
import { ConfluxError } from '../../../bus/errors.js';

/** An Error with library-style fields, as Node, undici and the drivers throw them. */
function libError(message: string, fields: Record<string, unknown>, name = 'Error'): Error {
  const error = Object.assign(new Error(message), fields);
  error.name = name;
  return error;
}

const pg = (code: string) => libError(`pg ${code}`, { code, severity: 'ERROR', routine: 'x' }, 'error');
const mysql = (errno: number, code: string, sqlState: string) =>
  libError(`mysql ${errno}`, { errno, code, sqlState, sqlMessage: 'm' });
const system = (code: string) => libError(`connect ${code} 127.0.0.1:5432`, { code, errno: -111, syscall: 'connect' });

const retryCases: [string, unknown, string][] = [
  ['ECONNREFUSED', system('ECONNREFUSED'), 'network error ECONNREFUSED'],
  ['ECONNRESET', system('ECONNRESET'), 'network error ECONNRESET'],
  ['ETIMEDOUT', system('ETIMEDOUT'), 'network error ETIMEDOUT'],
  ['EPIPE', system('EPIPE'), 'network error EPIPE'],
  ['EAI_AGAIN', system('EAI_AGAIN'), 'network error EAI_AGAIN'],
  ['EHOSTUNREACH', system('EHOSTUNREACH'), 'network error EHOSTUNREACH'],
  ['undici connect timeout', system('UND_ERR_CONNECT_TIMEOUT'), 'network error UND_ERR_CONNECT_TIMEOUT'],
  [
    'fetch failed wrapping ECONNREFUSED',
    new TypeError('fetch failed', { cause: system('ECONNREFUSED') }),
    'network error ECONNREFUSED',
  ],
  ['socket hang up (Node http)', libError('socket hang up', {}), 'connection lost'],
  ['AbortSignal.timeout', libError('The operation was aborted due to timeout', {}, 'TimeoutError'), 'timeout'],
  ['HTTP 500 (status)', libError('x', { status: 500 }), 'HTTP 500'],
  ['HTTP 503 (statusCode)', libError('x', { statusCode: 503 }), 'HTTP 503'],
  ['HTTP 429', libError('x', { status: 429 }), 'HTTP 429'],
  ['HTTP 408', libError('x', { response: { status: 408 } }), 'HTTP 408'],
  [
    'AggregateError of refusals',
    Object.assign(new AggregateError([system('ECONNREFUSED'), system('ECONNREFUSED')], ''), {}),
    'network error ECONNREFUSED',
  ],
  [
    'retriable SinkError',
    new SinkError('sink.http.status', 'HTTP 502', { retriable: true, status: 502 }),
    'retriable sink.http.status',
  ],
  ['DeliveryAbortedError', new DeliveryAbortedError('paused'), 'retriable delivery.aborted'],
  ['unrecognised Error', new Error('something odd'), 'unrecognised error'],
  ['a thrown string', 'boom', 'unrecognised error'],
];

const permanentCases: [string, unknown, string][] = [
  ['HTTP 400', libError('x', { status: 400 }), 'HTTP 400'],
  ['HTTP 404', libError('x', { statusCode: 404 }), 'HTTP 404'],
  ['HTTP 413', libError('x', { response: { status: 413 } }), 'HTTP 413'],
  [
    'transform error (ConfluxError)',
    new ConfluxError('transform.jsonpath.empty', 'nothing selected'),
    'transform.jsonpath.empty',
  ],
  [
    'encode error wrapping a network error: its own flag decides',
    new ConfluxError('encode.column', 'bad', { cause: system('ECONNRESET') }),
    'encode.column',
  ],
  ['non-retriable SinkError', new SinkError('sink.http.status', 'HTTP 400', { status: 400 }), 'sink.http.status'],
  [
    'delivery failed',
    new DeliveryFailedError({ attempts: 4, exhaustedRetryCondition: 'x', error: 'y' }),
    'delivery.failed',
  ],
  ['TypeError bug', new TypeError("Cannot read properties of undefined (reading 'id')"), 'programming error TypeError'],
  ['RangeError bug', new RangeError('Invalid array length'), 'programming error RangeError'],
];

describe('classifyError', () => {
  it.each(retryCases)('retries %s', (_name, error, reason) => {
    expect(classifyError(error)).toEqual({ verdict: 'retry', reason });
  });

  it.each(permanentCases)('dead-letters %s', (_name, error, reason) => {
    expect(classifyError(error)).toEqual({ verdict: 'dead-letter', reason });
  });

  it('retries an AggregateError only when every inner error is retriable', () => {
    const mixed = new AggregateError([system('ECONNREFUSED'), libError('x', { status: 400 })]);
    // neither rule decides on the aggregate itself, so it is judged as unrecognised
    expect(classifyError(mixed)).toEqual({ verdict: 'retry', reason: 'unrecognised error' });
  });

  it('tries a library rule after the generic rules, at every level of causes', () => {
    const rule: ErrorRule = (e) => (e.code === 'LIB_BUSY' ? retry('library busy') : undefined);
    const lib = libError('busy', { code: 'LIB_BUSY' });
    expect(classifyError(lib)).toEqual({ verdict: 'retry', reason: 'unrecognised error' });
    expect(classifyError(new TypeError('wrapped', { cause: lib }), [rule])).toEqual({
      verdict: 'retry',
      reason: 'library busy',
    });
    const permanentRule: ErrorRule = (e) => (e.code === 'EPIPE' ? permanent('never') : undefined);
    expect(classifyError(system('EPIPE'), [permanentRule])).toEqual({
      verdict: 'retry',
      reason: 'network error EPIPE',
    });
  });

  it('judges an HTTP status by statusVerdict', () => {
    expect(statusVerdict(503)).toEqual({ verdict: 'retry', reason: 'HTTP 503' });
    expect(statusVerdict(404)).toEqual({ verdict: 'dead-letter', reason: 'HTTP 404' });
    expect(statusVerdict(204)).toBeUndefined();
  });

  it('stops following causes after a few levels (no loop on a cyclic cause)', () => {
    const a: Error & { cause?: unknown } = new Error('a');
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(classifyError(a)).toEqual({ verdict: 'retry', reason: 'unrecognised error' });
  });
});

describe('errorCodeOf', () => {
  it.each([
    ['a ConfluxError code', new SinkError('sink.http.status', 'x'), 'sink.http.status'],
    ['a system error code', system('ECONNREFUSED'), 'ECONNREFUSED'],
    ['a PostgreSQL SQLSTATE', pg('23505'), '23505'],
    ['a mysql2 code', mysql(1062, 'ER_DUP_ENTRY', '23000'), 'ER_DUP_ENTRY'],
    ['an HTTP status', libError('x', { status: 503 }), 'HTTP_503'],
    [
      'a kafka protocol error type',
      libError('x', { type: 'MESSAGE_TOO_LARGE' }, 'KafkaJSProtocolError'),
      'MESSAGE_TOO_LARGE',
    ],
    ['the error name', new RangeError('x'), 'RangeError'],
    ['a thrown string', 'boom', 'unknown'],
  ])('uses %s', (_name, error, code) => {
    expect(errorCodeOf(error)).toBe(code);
  });
});

describe('delivery error classes', () => {
  it('carry code, retriable flag and cause', () => {
    const cause = new Error('503');
    const failed = new DeliveryFailedError({
      attempts: 4,
      exhaustedRetryCondition: 'BACKOFF_RETRY: 3 retries exhausted',
      error: cause,
    });
    expect(failed).toBeInstanceOf(ConfluxError);
    expect(failed).toMatchObject({ code: 'delivery.failed', retriable: false, attempts: 4, cause });
    expect(failed.message).toBe('delivery failed after 4 attempt(s): BACKOFF_RETRY: 3 retries exhausted: 503');
    const stopped = new DeliveryStoppedError(failed);
    expect(stopped).toMatchObject({ code: 'delivery.stopped', cause: failed, name: 'DeliveryStoppedError' });
    expect(new SinkError('sink.x', 'm', { status: 418 }).status).toBe(418);
  });
});
