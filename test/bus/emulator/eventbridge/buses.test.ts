import {
  CreateEventBusCommand,
  DeleteEventBusCommand,
  DescribeEventBusCommand,
  ListEventBusesCommand,
  PutRuleCommand,
} from '@aws-sdk/client-eventbridge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type EventBridgeBench, expectAwsError, startBench } from './setup.js';

let bench: EventBridgeBench;
beforeEach(async () => {
  bench = await startBench();
});
afterEach(async () => {
  await bench.close();
});

const names = async (prefix?: string) =>
  (
    (await bench.client.send(new ListEventBusesCommand(prefix === undefined ? {} : { NamePrefix: prefix })))
      .EventBuses ?? []
  ).map((bus) => bus.Name);

describe('event buses', () => {
  it('has the default bus from the start, creates, lists, describes and deletes custom buses', async () => {
    expect(await names()).toEqual(['default']);
    const created = await bench.client.send(new CreateEventBusCommand({ Name: 'orders', Description: 'shop orders' }));
    expect(created.EventBusArn).toBe('arn:aws:events:us-east-1:000000000000:event-bus/orders');
    await bench.client.send(new CreateEventBusCommand({ Name: 'orders-eu' }));
    expect(await names()).toEqual(['default', 'orders', 'orders-eu']);
    expect(await names('orders-')).toEqual(['orders-eu']);

    const described = await bench.client.send(new DescribeEventBusCommand({ Name: created.EventBusArn! }));
    expect(described).toMatchObject({ Name: 'orders', Arn: created.EventBusArn, Description: 'shop orders' });
    expect(described.CreationTime).toBeInstanceOf(Date);
    expect(Math.abs(described.CreationTime!.getTime() - Date.now())).toBeLessThan(60_000);
    expect((await bench.client.send(new DescribeEventBusCommand({}))).Arn).toBe(
      'arn:aws:events:us-east-1:000000000000:event-bus/default',
    );

    await bench.client.send(new DeleteEventBusCommand({ Name: 'orders' }));
    expect(await names()).toEqual(['default', 'orders-eu']);
    await bench.client.send(new DeleteEventBusCommand({ Name: 'never-was' })); // a missing bus is no error, as AWS
  });

  it('pages ListEventBuses with Limit and NextToken', async () => {
    for (const name of ['a', 'b', 'c']) await bench.client.send(new CreateEventBusCommand({ Name: name }));
    const first = await bench.client.send(new ListEventBusesCommand({ Limit: 2 }));
    expect(first.EventBuses?.map((b) => b.Name)).toEqual(['default', 'a']);
    const second = await bench.client.send(new ListEventBusesCommand({ Limit: 2, NextToken: first.NextToken! }));
    expect(second.EventBuses?.map((b) => b.Name)).toEqual(['b', 'c']);
    expect(second.NextToken).toBeUndefined();
  });

  it('keeps buses per region, and ARNs name the region the request was signed for', async () => {
    const west = bench.clientIn('eu-west-1');
    const created = await west.send(new CreateEventBusCommand({ Name: 'orders' }));
    expect(created.EventBusArn).toBe('arn:aws:events:eu-west-1:000000000000:event-bus/orders');
    expect(await names()).toEqual(['default']);
  });

  it('refuses what AWS refuses, with AWS error types and messages', async () => {
    await bench.client.send(new CreateEventBusCommand({ Name: 'orders' }));
    await expectAwsError(
      bench.client.send(new CreateEventBusCommand({ Name: 'orders' })),
      'ResourceAlreadyExistsException',
      'Event bus orders already exists.',
    );
    await expectAwsError(
      bench.client.send(new CreateEventBusCommand({ Name: 'default' })),
      'ResourceAlreadyExistsException',
      'Event bus default already exists.',
    );
    await expectAwsError(
      bench.client.send(new DeleteEventBusCommand({ Name: 'default' })),
      'ValidationException',
      'Cannot delete event bus default.',
    );
    await expectAwsError(
      bench.client.send(new CreateEventBusCommand({ Name: 'team/orders' })),
      'ValidationException',
      "Event bus name must not contain '/'.",
    );
    await expectAwsError(
      bench.client.send(new CreateEventBusCommand({ Name: 'bad name!' })),
      'ValidationException',
      "1 validation error detected: Value 'bad name!' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [/\\.\\-_A-Za-z0-9]+",
    );
    await expectAwsError(
      bench.client.send(new CreateEventBusCommand({ Name: 'x'.repeat(257) })),
      'ValidationException',
      `1 validation error detected: Value '${'x'.repeat(257)}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 256`,
    );
    await expectAwsError(
      bench.client.send(new DescribeEventBusCommand({ Name: 'nope' })),
      'ResourceNotFoundException',
      'Event bus nope does not exist.',
    );
    await expectAwsError(
      bench.client.send(new ListEventBusesCommand({ Limit: 0 })),
      'ValidationException',
      "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
  });

  it('deletes a custom bus with its rules: a new bus of that name starts empty', async () => {
    await bench.client.send(new CreateEventBusCommand({ Name: 'orders' }));
    await bench.client.send(
      new PutRuleCommand({ Name: 'r', EventBusName: 'orders', EventPattern: '{"source":["a"]}' }),
    );
    await bench.client.send(new DeleteEventBusCommand({ Name: 'orders' }));
    await expectAwsError(
      bench.client.send(new PutRuleCommand({ Name: 'r', EventBusName: 'orders', EventPattern: '{"source":["a"]}' })),
      'ResourceNotFoundException',
      'Event bus orders does not exist.',
    );
  });
});
