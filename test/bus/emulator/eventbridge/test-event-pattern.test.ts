import { TestEventPatternCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EventBridgeBench, expectAwsError, startBench } from './setup.js';

let bench: EventBridgeBench;
beforeAll(async () => {
  bench = await startBench();
});
afterAll(async () => {
  await bench.close();
});

const event = JSON.stringify({
  id: '7bf73129-1428-4cd3-a780-95db273d1602',
  'detail-type': 'Order Paid',
  source: 'shop',
  account: '123456789012',
  time: '2026-01-01T00:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail: { status: 'paid', amount: 300, ip: '10.0.0.7' },
});
const test = (EventPattern: string, Event = event) =>
  bench.client.send(new TestEventPatternCommand({ EventPattern, Event }));

describe('TestEventPattern', () => {
  it.each([
    ['{"source":["shop"],"detail":{"status":["paid"]}}', true],
    ['{"detail":{"amount":[{"numeric":[">=",300]}],"ip":[{"cidr":"10.0.0.0/24"}]}}', true],
    ['{"detail":{"status":[{"anything-but":"paid"}]}}', false],
    ['{"detail":{"amount":["300"]}}', false],
    ['{"detail":{"missing":[{"exists":true}]}}', false],
  ])('%s → %s', async (pattern, result) => {
    expect((await test(pattern)).Result).toBe(result);
  });

  it('answers an invalid pattern with InvalidEventPatternException and the reason', async () => {
    await expectAwsError(
      test('{"detail":{"ip":[{"cidr":"10.0.0.1/32"}]}}'),
      'InvalidEventPatternException',
      /^Event pattern is not valid\. Reason: /,
    );
    await expectAwsError(
      test('{"detail":{"status":[{"prefix":5}]}}'),
      'InvalidEventPatternException',
      'Event pattern is not valid. Reason: prefix match pattern must be a string',
    );
  });

  it('refuses an event without the envelope AWS requires', async () => {
    await expectAwsError(
      test('{"source":["shop"]}', '{"source":"shop","detail":{}}'),
      'ValidationException',
      'Parameter Event is not valid.',
    );
    await expectAwsError(
      test('{"source":["shop"]}', 'not json'),
      'ValidationException',
      'Parameter Event is not valid.',
    );
  });
});
