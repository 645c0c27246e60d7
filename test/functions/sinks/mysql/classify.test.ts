import { describe, expect, it } from 'vitest';
import { classify } from '../../../../functions/sinks/mysql/send.js';

/** An error as mysql2 throws it for a server error: `errno`, `code` (ER_…), `sqlState`. */
const mysql = (errno: number, code: string, sqlState: string) =>
  Object.assign(new Error(`mysql ${errno}`), { errno, code, sqlState, sqlMessage: 'm' });

describe('mysql classify', () => {
  it.each([
    ['deadlock 1213', mysql(1213, 'ER_LOCK_DEADLOCK', '40001'), 'MySQL 1213 (deadlock)'],
    ['lock wait 1205', mysql(1205, 'ER_LOCK_WAIT_TIMEOUT', 'HY000'), 'MySQL 1205 (lock wait timeout)'],
    ['connection killed 1927', mysql(1927, 'ER_CONNECTION_KILLED', '70100'), 'MySQL 1927 (connection killed)'],
    [
      'mysql2 connection lost',
      Object.assign(new Error('Connection lost'), { code: 'PROTOCOL_CONNECTION_LOST', fatal: true }),
      'network error PROTOCOL_CONNECTION_LOST',
    ],
    [
      'mysql2 sequence timeout',
      Object.assign(new Error('Query inactivity timeout'), { code: 'PROTOCOL_SEQUENCE_TIMEOUT', fatal: true }),
      'network error PROTOCOL_SEQUENCE_TIMEOUT',
    ],
  ])('retries %s', (_name, error, reason) => {
    expect(classify(error)).toEqual({ verdict: 'retry', reason });
  });

  it.each([
    ['duplicate 1062', mysql(1062, 'ER_DUP_ENTRY', '23000'), 'MySQL 1062 (constraint violation)'],
    ['foreign key 1452', mysql(1452, 'ER_NO_REFERENCED_ROW_2', '23000'), 'MySQL 1452 (constraint violation)'],
    ['not null 1048', mysql(1048, 'ER_BAD_NULL_ERROR', '23000'), 'MySQL 1048 (constraint violation)'],
    ['no table 1146', mysql(1146, 'ER_NO_SUCH_TABLE', '42S02'), 'MySQL 1146 (rejected by the database)'],
  ])('dead-letters %s', (_name, error, reason) => {
    expect(classify(error)).toEqual({ verdict: 'dead-letter', reason });
  });
});
