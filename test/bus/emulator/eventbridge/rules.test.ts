import {
  CreateEventBusCommand,
  DeleteRuleCommand,
  DescribeRuleCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  ListRulesCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
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

const pattern = '{"source":["shop"],"detail":{"status":["paid"]}}';

describe('rules', () => {
  it('puts, describes, lists, disables, enables and deletes a rule on the default bus', async () => {
    const put = await bench.client.send(
      new PutRuleCommand({ Name: 'paid-orders', EventPattern: pattern, Description: 'paid ones' }),
    );
    expect(put.RuleArn).toBe('arn:aws:events:us-east-1:000000000000:rule/paid-orders');
    const described = await bench.client.send(new DescribeRuleCommand({ Name: 'paid-orders' }));
    expect(described).toMatchObject({
      Name: 'paid-orders',
      Arn: put.RuleArn,
      EventPattern: pattern,
      State: 'ENABLED',
      Description: 'paid ones',
      EventBusName: 'default',
      CreatedBy: '000000000000',
    });

    await bench.client.send(new DisableRuleCommand({ Name: 'paid-orders' }));
    expect((await bench.client.send(new DescribeRuleCommand({ Name: 'paid-orders' }))).State).toBe('DISABLED');
    await bench.client.send(new EnableRuleCommand({ Name: 'paid-orders' }));
    expect((await bench.client.send(new DescribeRuleCommand({ Name: 'paid-orders' }))).State).toBe('ENABLED');

    const listed = await bench.client.send(new ListRulesCommand({}));
    expect(listed.Rules).toEqual([
      {
        Name: 'paid-orders',
        Arn: put.RuleArn,
        EventPattern: pattern,
        State: 'ENABLED',
        Description: 'paid ones',
        EventBusName: 'default',
      },
    ]);

    await bench.client.send(new DeleteRuleCommand({ Name: 'paid-orders' }));
    expect((await bench.client.send(new ListRulesCommand({}))).Rules).toEqual([]);
    await bench.client.send(new DeleteRuleCommand({ Name: 'paid-orders' })); // a missing rule is no error, as AWS
  });

  it('puts a rule on a custom bus, named by name or ARN, with the rule/BUS/NAME ARN', async () => {
    const bus = await bench.client.send(new CreateEventBusCommand({ Name: 'orders' }));
    const put = await bench.client.send(
      new PutRuleCommand({ Name: 'paid', EventBusName: bus.EventBusArn!, EventPattern: pattern, State: 'DISABLED' }),
    );
    expect(put.RuleArn).toBe('arn:aws:events:us-east-1:000000000000:rule/orders/paid');
    const described = await bench.client.send(new DescribeRuleCommand({ Name: 'paid', EventBusName: 'orders' }));
    expect(described).toMatchObject({ EventBusName: 'orders', State: 'DISABLED' });
    expect((await bench.client.send(new ListRulesCommand({}))).Rules).toEqual([]);
    expect(
      (await bench.client.send(new ListRulesCommand({ EventBusName: 'orders' }))).Rules?.map((r) => r.Name),
    ).toEqual(['paid']);
  });

  it('replaces a rule on a second PutRule, keeping its targets', async () => {
    await bench.client.send(new PutRuleCommand({ Name: 'r', EventPattern: pattern, Description: 'first' }));
    await bench.client.send(new PutTargetsCommand({ Rule: 'r', Targets: [{ Id: 't', Arn: 'arn:conflux:task:x' }] }));
    await bench.client.send(new PutRuleCommand({ Name: 'r', EventPattern: '{"source":["other"]}' }));
    const described = await bench.client.send(new DescribeRuleCommand({ Name: 'r' }));
    expect(described.EventPattern).toBe('{"source":["other"]}');
    expect(described.Description).toBeUndefined();
    await expectAwsError(
      bench.client.send(new DeleteRuleCommand({ Name: 'r' })),
      'ValidationException',
      "Rule can't be deleted since it has targets.",
    );
  });

  it('lists by NamePrefix and pages with Limit/NextToken', async () => {
    for (const name of ['order-a', 'order-b', 'order-c', 'other'])
      await bench.client.send(new PutRuleCommand({ Name: name, EventPattern: pattern }));
    const first = await bench.client.send(new ListRulesCommand({ NamePrefix: 'order-', Limit: 2 }));
    expect(first.Rules?.map((r) => r.Name)).toEqual(['order-a', 'order-b']);
    const rest = await bench.client.send(new ListRulesCommand({ NamePrefix: 'order-', NextToken: first.NextToken! }));
    expect(rest.Rules?.map((r) => r.Name)).toEqual(['order-c']);
    expect(rest.NextToken).toBeUndefined();
  });

  it('stores a schedule rule on the default bus', async () => {
    await bench.client.send(new PutRuleCommand({ Name: 'tick', ScheduleExpression: 'rate(5 minutes)' }));
    expect((await bench.client.send(new DescribeRuleCommand({ Name: 'tick' }))).ScheduleExpression).toBe(
      'rate(5 minutes)',
    );
  });

  it('refuses a rule with no targets left only after RemoveTargets', async () => {
    await bench.client.send(new PutRuleCommand({ Name: 'r', EventPattern: pattern }));
    await bench.client.send(new PutTargetsCommand({ Rule: 'r', Targets: [{ Id: 't', Arn: 'arn:conflux:task:x' }] }));
    await expectAwsError(
      bench.client.send(new DeleteRuleCommand({ Name: 'r' })),
      'ValidationException',
      "Rule can't be deleted since it has targets.",
    );
    await bench.client.send(new RemoveTargetsCommand({ Rule: 'r', Ids: ['t'] }));
    await bench.client.send(new DeleteRuleCommand({ Name: 'r' }));
    await expectAwsError(
      bench.client.send(new DescribeRuleCommand({ Name: 'r' })),
      'ResourceNotFoundException',
      'Rule r does not exist on EventBus default.',
    );
  });

  it('answers bad input with the errors AWS sends', async () => {
    const send = (input: ConstructorParameters<typeof PutRuleCommand>[0]) =>
      bench.client.send(new PutRuleCommand(input));
    await expectAwsError(
      send({ Name: 'r', EventPattern: '{"detail":{"id":[{"prefix":1}]}}' }),
      'InvalidEventPatternException',
      'Event pattern is not valid. Reason: prefix match pattern must be a string',
    );
    await expectAwsError(
      send({ Name: 'r', EventPattern: '{"source":"shop"}' }),
      'InvalidEventPatternException',
      /^Event pattern is not valid\. Reason: /,
    );
    await expectAwsError(
      send({ Name: 'r', EventPattern: '{not json' }),
      'InvalidEventPatternException',
      /^Event pattern is not valid\. Reason: /,
    );
    await expectAwsError(
      send({ Name: 'r' }),
      'ValidationException',
      'Parameter(s) EventPattern or ScheduleExpression must be specified.',
    );
    await expectAwsError(
      send({ Name: 'bad name', EventPattern: pattern }),
      'ValidationException',
      "1 validation error detected: Value 'bad name' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+",
    );
    await expectAwsError(
      send({ Name: 'x'.repeat(65), EventPattern: pattern, State: 'ON' as 'ENABLED' }),
      'ValidationException',
      `2 validation errors detected: Value '${'x'.repeat(65)}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 64; Value 'ON' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS]`,
    );
    await expectAwsError(
      send({ EventPattern: pattern } as unknown as { Name: string }),
      'ValidationException',
      "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
    );
    await expectAwsError(
      send({ Name: 'r', EventPattern: pattern, EventBusName: 'nope' }),
      'ResourceNotFoundException',
      'Event bus nope does not exist.',
    );
    await bench.client.send(new CreateEventBusCommand({ Name: 'orders' }));
    await expectAwsError(
      send({ Name: 'r', ScheduleExpression: 'rate(1 hour)', EventBusName: 'orders' }),
      'ValidationException',
      'ScheduleExpression is supported only on the default event bus.',
    );
    await expectAwsError(
      send({ Name: 'r', ScheduleExpression: 'every minute' }),
      'ValidationException',
      'Parameter ScheduleExpression is not valid.',
    );
    for (const Command of [DescribeRuleCommand, EnableRuleCommand, DisableRuleCommand])
      await expectAwsError(
        bench.client.send(new Command({ Name: 'nope', EventBusName: 'orders' })),
        'ResourceNotFoundException',
        'Rule nope does not exist on EventBus orders.',
      );
    await expectAwsError(
      bench.client.send(new DeleteRuleCommand({ Name: 'r', EventBusName: 'gone' })),
      'ResourceNotFoundException',
      'Event bus gone does not exist.',
    );
  });
});
