import { describe, expect, it } from 'vitest';
import { classify } from '../../../../functions/sinks/rabbitmq/send.js';

describe('rabbitmq classify', () => {
  it.each([
    ['a closed connection (amqplib text)', new Error('Connection closed: 320 (CONNECTION-FORCED)'), 'connection lost'],
    ['a closed channel (amqplib text)', new Error('Channel closed'), 'connection lost'],
    [
      'a refused connection',
      Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
      'network error ECONNREFUSED',
    ],
  ])('retries %s', (_name, error, reason) => {
    expect(classify(error)).toEqual({ verdict: 'retry', reason });
  });

  it('dead-letters a programming error', () => {
    expect(classify(new TypeError('x is not a function')).verdict).toBe('dead-letter');
  });
});
