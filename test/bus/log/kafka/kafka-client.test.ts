import {
  KafkaJSConnectionError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
} from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { classifyError } from '../../../../bus/delivery/errors.js';
import { kafkaError } from '../../../../bus/log/kafka/kafka-client.js';

/** A broker's error reply as kafkajs builds it (errorCodes: type, code, retriable). */
const protocol = (type: string, code: number, retriable: boolean) =>
  new KafkaJSProtocolError(Object.assign(new Error(type), { type, code, retriable }));

describe('kafkaError: the Kafka adapter classifies kafkajs failures', () => {
  it.each([
    ['a connection error', new KafkaJSConnectionError('Connection error: connect ECONNREFUSED'), true],
    ['a retriable protocol error (leader moved)', protocol('NOT_LEADER_FOR_PARTITION', 6, true), true],
    ['a non-retriable protocol error (too large)', protocol('MESSAGE_TOO_LARGE', 10, false), false],
    ['a non-retriable error', new KafkaJSNonRetriableError('bad'), false],
    // kafkajs gave up after its own retries: the error it gave up on decides (brokers down → the task's policy waits)
    [
      'retries exceeded over a retriable cause',
      new KafkaJSNumberOfRetriesExceeded(new KafkaJSConnectionError('Connection error'), {
        retryCount: 8,
        retryTime: 100,
      }),
      true,
    ],
    [
      'retries exceeded over a permanent cause',
      new KafkaJSNumberOfRetriesExceeded(protocol('MESSAGE_TOO_LARGE', 10, false), { retryCount: 0, retryTime: 100 }),
      false,
    ],
    ['an error that is not kafkajs', new Error('this consumer is already running'), false],
  ])('%s → retriable %s', (_name, error, retriable) => {
    const wrapped = kafkaError('cannot produce to orders', error);
    expect(wrapped).toMatchObject({ code: 'log.kafka', retriable, cause: error });
    expect(wrapped.message).toBe(`cannot produce to orders: ${error.message}`);
    expect(classifyError(wrapped).verdict).toBe(retriable ? 'retry' : 'dead-letter');
  });
});
