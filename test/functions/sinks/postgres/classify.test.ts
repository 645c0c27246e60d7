import { describe, expect, it } from 'vitest';
import { classify } from '../../../../functions/sinks/postgres/send.js';

/** An error as pg throws it for a server error: the SQLSTATE in `code`, a `severity`. */
function pg(code: string): Error {
  const error = Object.assign(new Error(`pg ${code}`), { code, severity: 'ERROR', routine: 'x' });
  error.name = 'error';
  return error;
}

describe('postgres classify', () => {
  it.each([
    ['deadlock 40P01', pg('40P01'), 'PostgreSQL 40P01 (deadlock detected)'],
    ['serialization 40001', pg('40001'), 'PostgreSQL 40001 (serialization failure)'],
    ['connection class 08006', pg('08006'), 'PostgreSQL 08006 (connection exception)'],
    ['too many connections 53300', pg('53300'), 'PostgreSQL 53300 (insufficient resources)'],
    ['admin shutdown 57P01', pg('57P01'), 'PostgreSQL 57P01 (server shutting down)'],
    ['connection terminated (plain Error)', new Error('Connection terminated unexpectedly'), 'connection lost'],
    ['pool connect timeout', new Error('timeout exceeded when trying to connect'), 'connection lost'],
    [
      'a refused connection',
      Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
      'network error ECONNREFUSED',
    ],
  ])('retries %s', (_name, error, reason) => {
    expect(classify(error)).toEqual({ verdict: 'retry', reason });
  });

  it.each([
    ['unique 23505', pg('23505'), 'PostgreSQL 23505 (constraint violation)'],
    ['foreign key 23503', pg('23503'), 'PostgreSQL 23503 (constraint violation)'],
    ['not null 23502', pg('23502'), 'PostgreSQL 23502 (constraint violation)'],
    ['undefined table 42P01', pg('42P01'), 'PostgreSQL 42P01 (rejected by the database)'],
    ['invalid text 22P02', pg('22P02'), 'PostgreSQL 22P02 (rejected by the database)'],
  ])('dead-letters %s', (_name, error, reason) => {
    expect(classify(error)).toEqual({ verdict: 'dead-letter', reason });
  });

  it('does not take a 5-letter network code for a SQLSTATE', () => {
    const epipe = Object.assign(new Error('x'), { code: 'EPIPE', severity: 'ERROR' });
    expect(classify(epipe)).toEqual({ verdict: 'retry', reason: 'network error EPIPE' });
  });

  it('judges a wrapped driver error by its cause', () => {
    expect(classify(new Error('write failed', { cause: pg('23505') })).verdict).toBe('dead-letter');
  });
});
