import { describe, expect, it } from 'vitest';
import {
  classifyError,
  DeliveryAbortedError,
  DeliveryFailedError,
  DeliveryStoppedError,
  errorCodeOf,
  SinkError,
} from '../../../bus/delivery/errors.js';
import { ConfluxError } from '../../../bus/errors.js';

/** An Error with library-style fields, as pg, mysql2, kafkajs, undici and the AWS SDK throw them. */
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
  ['AbortSignal.timeout', libError('The operation was aborted due to timeout', {}, 'TimeoutError'), 'timeout'],
  ['HTTP 500 (status)', libError('x', { status: 500 }), 'HTTP 500'],
  ['HTTP 503 (statusCode)', libError('x', { statusCode: 503 }), 'HTTP 503'],
  ['HTTP 429', libError('x', { status: 429 }), 'HTTP 429'],
  ['HTTP 408', libError('x', { response: { status: 408 } }), 'HTTP 408'],
  [
    'AWS SDK throttling',
    libError(
      'Rate exceeded',
      { $retryable: { throttling: true }, $metadata: { httpStatusCode: 400 } },
      'ThrottlingException',
    ),
    'retryable AWS error ThrottlingException',
  ],
  [
    'AWS SDK 500',
    libError('x', { $fault: 'server', $metadata: { httpStatusCode: 500 } }, 'InternalException'),
    'HTTP 500',
  ],
  ['PG deadlock 40P01', pg('40P01'), 'PostgreSQL 40P01 (deadlock detected)'],
  ['PG serialization 40001', pg('40001'), 'PostgreSQL 40001 (serialization failure)'],
  ['PG connection class 08006', pg('08006'), 'PostgreSQL 08006 (connection exception)'],
  ['PG too many connections 53300', pg('53300'), 'PostgreSQL 53300 (insufficient resources)'],
  ['PG admin shutdown 57P01', pg('57P01'), 'PostgreSQL 57P01 (server shutting down)'],
  ['MySQL deadlock 1213', mysql(1213, 'ER_LOCK_DEADLOCK', '40001'), 'MySQL 1213 (deadlock)'],
  ['MySQL lock wait 1205', mysql(1205, 'ER_LOCK_WAIT_TIMEOUT', 'HY000'), 'MySQL 1205 (lock wait timeout)'],
  [
    'mysql2 connection lost',
    libError('Connection lost', { code: 'PROTOCOL_CONNECTION_LOST', fatal: true }),
    'network error PROTOCOL_CONNECTION_LOST',
  ],
  [
    'kafkajs retriable',
    libError('Connection error', { retriable: true }, 'KafkaJSConnectionError'),
    'retriable KafkaJSConnectionError',
  ],
  [
    'kafkajs protocol retriable',
    libError('leader moved', { retriable: true, type: 'NOT_LEADER_FOR_PARTITION' }, 'KafkaJSProtocolError'),
    'retriable KafkaJSProtocolError NOT_LEADER_FOR_PARTITION',
  ],
  [
    'kafkajs retries exceeded over a retriable cause',
    libError(
      'x',
      { retriable: false, retryCount: 5, cause: libError('c', { retriable: true }, 'KafkaJSConnectionError') },
      'KafkaJSNumberOfRetriesExceeded',
    ),
    'retriable KafkaJSConnectionError',
  ],
  ['pg connection terminated (plain Error)', new Error('Connection terminated unexpectedly'), 'connection lost'],
  ['ioredis connection closed', new Error('Connection is closed.'), 'connection lost'],
  ['NATS timeout code', libError('TIMEOUT', { code: 'TIMEOUT' }, 'NatsError'), 'network error TIMEOUT'],
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
    'AWS validation 400',
    libError('bad', { $fault: 'client', $metadata: { httpStatusCode: 400 } }, 'ValidationException'),
    'HTTP 400',
  ],
  ['PG unique 23505', pg('23505'), 'PostgreSQL 23505 (constraint violation)'],
  ['PG foreign key 23503', pg('23503'), 'PostgreSQL 23503 (constraint violation)'],
  ['PG not null 23502', pg('23502'), 'PostgreSQL 23502 (constraint violation)'],
  ['PG undefined table 42P01', pg('42P01'), 'PostgreSQL 42P01 (rejected by the database)'],
  ['PG invalid text 22P02', pg('22P02'), 'PostgreSQL 22P02 (rejected by the database)'],
  ['MySQL duplicate 1062', mysql(1062, 'ER_DUP_ENTRY', '23000'), 'MySQL 1062 (constraint violation)'],
  ['MySQL foreign key 1452', mysql(1452, 'ER_NO_REFERENCED_ROW_2', '23000'), 'MySQL 1452 (constraint violation)'],
  ['MySQL not null 1048', mysql(1048, 'ER_BAD_NULL_ERROR', '23000'), 'MySQL 1048 (constraint violation)'],
  ['MySQL no table 1146', mysql(1146, 'ER_NO_SUCH_TABLE', '42S02'), 'MySQL 1146 (rejected by the database)'],
  [
    'kafkajs non-retriable',
    libError('too large', { retriable: false, type: 'MESSAGE_TOO_LARGE' }, 'KafkaJSProtocolError'),
    'non-retriable KafkaJSProtocolError MESSAGE_TOO_LARGE',
  ],
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

  it('does not take a 5-letter network code for a PostgreSQL SQLSTATE', () => {
    expect(classifyError(libError('x', { code: 'EPIPE', severity: 'ERROR' }))).toEqual({
      verdict: 'retry',
      reason: 'network error EPIPE',
    });
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
