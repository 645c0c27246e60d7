import { describe, expect, it } from 'vitest';
import { classify } from '../../../../functions/sinks/eventbridge/send.js';

/** An error as the AWS SDK v3 throws it: a name, `$fault`, `$metadata`, `$retryable` when the SDK may retry. */
function aws(name: string, fields: Record<string, unknown>): Error {
  const error = Object.assign(new Error(name), fields);
  error.name = name;
  return error;
}

describe('eventbridge classify', () => {
  it.each([
    [
      'throttling (a 400 the SDK marks $retryable)',
      aws('ThrottlingException', { $retryable: { throttling: true }, $metadata: { httpStatusCode: 400 } }),
      'retryable AWS error ThrottlingException',
    ],
    ['a 500', aws('InternalException', { $fault: 'server', $metadata: { httpStatusCode: 500 } }), 'HTTP 500'],
    ['a 429', aws('TooManyRequestsException', { $fault: 'client', $metadata: { httpStatusCode: 429 } }), 'HTTP 429'],
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      'network error ECONNREFUSED',
    ],
  ])('retries %s', (_name, error, reason) => {
    expect(classify(error)).toEqual({ verdict: 'retry', reason });
  });

  it.each([
    [
      'validation 400',
      aws('ValidationException', { $fault: 'client', $metadata: { httpStatusCode: 400 } }),
      'HTTP 400',
    ],
    [
      'access denied 403',
      aws('AccessDeniedException', { $fault: 'client', $metadata: { httpStatusCode: 403 } }),
      'HTTP 403',
    ],
  ])('dead-letters %s', (_name, error, reason) => {
    expect(classify(error)).toEqual({ verdict: 'dead-letter', reason });
  });
});
