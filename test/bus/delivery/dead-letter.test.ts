import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEAD_LETTER_EXTENSIONS,
  type DeadLetterFailure,
  fromDeadLetter,
  isDeadLetter,
  MAX_ERROR_MESSAGE,
  readDeadLetter,
  toDeadLetter,
} from '../../../bus/delivery/dead-letter.js';
import { DeadLetterError } from '../../../bus/delivery/errors.js';
import type { CloudEvent, Json } from '../../../bus/event.js';

const original: CloudEvent = {
  specversion: '1.0',
  id: 'evt-1',
  source: 'acs:alikafka',
  type: 'alikafka:Topic:Message',
  subject: 'acs:alikafka:alikafka_pre-cn-x:topic:orders',
  time: '2024-05-01T10:00:00.000Z',
  datacontenttype: 'application/json; charset=utf-8',
  data: { topic: 'orders', partition: 2, offset: 41, key: 'k1', value: { id: 7, status: 'paid' } },
  traceparent: '00-abc-def-01',
};

const pgUnique = Object.assign(new Error('duplicate key value violates unique constraint "orders_pkey"'), {
  code: '23505',
  severity: 'ERROR',
});

const failure: DeadLetterFailure = {
  error: pgUnique,
  attempts: 1,
  firstAttempt: Date.parse('2024-05-01T10:00:01.000Z'),
  lastAttempt: Date.parse('2024-05-01T10:00:01.000Z'),
  exhaustedRetryCondition: 'permanent error: PostgreSQL 23505 (constraint violation)',
};

describe('toDeadLetter', () => {
  const deadLetter = toDeadLetter(original, failure, { task: 'orders-to-pg', sink: 'postgres' });

  it('keeps every attribute of the original event', () => {
    expect(deadLetter).toMatchObject(original);
  });

  it('adds exactly the eight extensions, typed as CloudEvents wants them', () => {
    const added = Object.keys(deadLetter).filter((k) => !(k in original));
    expect(added.sort()).toEqual([...DEAD_LETTER_EXTENSIONS].sort());
    expect(deadLetter).toMatchObject({
      errorcode: '23505',
      errormessage: 'duplicate key value violates unique constraint "orders_pkey"',
      task: 'orders-to-pg',
      sink: 'postgres',
      attempts: 1,
      firstattempt: '2024-05-01T10:00:01.000Z',
      lastattempt: '2024-05-01T10:00:01.000Z',
      exhaustedretrycondition: 'permanent error: PostgreSQL 23505 (constraint violation)',
    });
    // CloudEvents: names MUST be lower-case alphanumerics; SHOULD NOT exceed 20 characters
    // (DESIGN.md's `exhaustedretrycondition` has 23 — a SHOULD, so the contract name stays).
    for (const name of DEAD_LETTER_EXTENSIONS) expect(name).toMatch(/^[a-z0-9]+$/);
  });

  it('survives a JSON round trip (it is what a Kafka DLQ topic stores)', () => {
    expect(JSON.parse(JSON.stringify(deadLetter))).toEqual(deadLetter);
  });

  it('does not change the original event', () => {
    expect(original).not.toHaveProperty('errorcode');
  });

  it('cuts a huge error message', () => {
    const long = toDeadLetter(original, { ...failure, error: new Error('x'.repeat(10_000)) }, { task: 't', sink: 's' });
    expect(long.errormessage).toHaveLength(MAX_ERROR_MESSAGE);
    expect(String(long.errormessage).endsWith('…')).toBe(true);
  });

  it('takes the message of a thrown non-Error', () => {
    expect(toDeadLetter(original, { ...failure, error: 'boom' }, { task: 't', sink: 's' })).toMatchObject({
      errorcode: 'unknown',
      errormessage: 'boom',
    });
  });
});

describe('readDeadLetter / fromDeadLetter', () => {
  const deadLetter = toDeadLetter(original, failure, { task: 'orders-to-pg', sink: 'postgres' });

  it('gives back the original event exactly', () => {
    expect(fromDeadLetter(deadLetter)).toEqual(original);
  });

  it('reads the reasons back', () => {
    expect(readDeadLetter(deadLetter).info).toEqual({
      errorCode: '23505',
      errorMessage: 'duplicate key value violates unique constraint "orders_pkey"',
      task: 'orders-to-pg',
      sink: 'postgres',
      attempts: 1,
      firstAttempt: '2024-05-01T10:00:01.000Z',
      lastAttempt: '2024-05-01T10:00:01.000Z',
      exhaustedRetryCondition: 'permanent error: PostgreSQL 23505 (constraint violation)',
    });
  });

  it('accepts attempts carried as text (binary-mode Kafka headers)', () => {
    expect(readDeadLetter({ ...deadLetter, attempts: '177' }).info.attempts).toBe(177);
  });

  it('replaces the reasons when a redriven event fails again', () => {
    const again = toDeadLetter(deadLetter, { ...failure, attempts: 4 }, { task: 'orders-to-pg', sink: 'postgres' });
    expect(again.attempts).toBe(4);
    expect(fromDeadLetter(again)).toEqual(original);
  });

  it.each([
    ['attempts', { attempts: undefined }, '$.attempts'],
    ['negative attempts', { attempts: -1 }, '$.attempts'],
    ['attempts as words', { attempts: 'four' }, '$.attempts'],
    ['a timestamp', { firstattempt: 'yesterday' }, '$.firstattempt'],
    ['errorcode', { errorcode: 42 }, '$.errorcode'],
  ])('rejects a dead letter with a bad %s, naming the attribute', (_name, patch, path) => {
    const broken = { ...deadLetter, ...patch } as CloudEvent;
    expect(isDeadLetter(broken)).toBe(false);
    expect(() => readDeadLetter(broken)).toThrow(DeadLetterError);
    expect(() => readDeadLetter(broken)).toThrow(
      expect.objectContaining({ path, code: 'delivery.dead-letter.invalid' }),
    );
  });

  it('rejects a plain event', () => {
    expect(isDeadLetter(original)).toBe(false);
    expect(() => fromDeadLetter(original)).toThrow(/not a dead letter/);
  });

  it('round-trips any event without dead-letter attribute names', () => {
    const reserved = new Set<string>(DEAD_LETTER_EXTENSIONS);
    const extension = fc
      .stringMatching(/^[a-z0-9]{1,20}$/)
      .filter((n) => !reserved.has(n) && !['specversion', 'id', 'source', 'type'].includes(n));
    const event = fc.record({
      id: fc.string({ minLength: 1 }),
      source: fc.string({ minLength: 1 }),
      type: fc.string({ minLength: 1 }),
      data: fc.jsonValue() as fc.Arbitrary<Json>,
      extensions: fc.dictionary(extension, fc.oneof(fc.string(), fc.integer(), fc.boolean())),
    });
    const failureArb = fc.record({
      error: fc.oneof(fc.string(), fc.constant(pgUnique)),
      attempts: fc.integer({ min: 1, max: 177 }),
      firstAttempt: fc.integer({ min: 0, max: 4_102_444_800_000 }),
      lastAttempt: fc.integer({ min: 0, max: 4_102_444_800_000 }),
      exhaustedRetryCondition: fc.string(),
    });
    fc.assert(
      fc.property(event, failureArb, ({ extensions, ...fields }, f) => {
        const e: CloudEvent = { ...extensions, specversion: '1.0', ...fields };
        const dl = toDeadLetter(e, f, { task: 'task-1', sink: 'http' });
        expect(isDeadLetter(dl)).toBe(true);
        expect(fromDeadLetter(JSON.parse(JSON.stringify(dl)))).toEqual(JSON.parse(JSON.stringify(e)));
        expect(readDeadLetter(dl).info.attempts).toBe(f.attempts);
      }),
    );
  });
});
