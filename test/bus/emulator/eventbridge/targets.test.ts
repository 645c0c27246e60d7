import {
  ListRuleNamesByTargetCommand,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type EventBridgeBench, expectAwsError, startBench } from './setup.js';

let bench: EventBridgeBench;
beforeEach(async () => {
  bench = await startBench();
  await bench.client.send(new PutRuleCommand({ Name: 'r', EventPattern: '{"source":["shop"]}' }));
});
afterEach(async () => {
  await bench.close();
});

const targets = async (rule = 'r') => (await bench.client.send(new ListTargetsByRuleCommand({ Rule: rule }))).Targets;

describe('rule targets', () => {
  it('puts, lists, replaces and removes targets; other ARNs are kept as given', async () => {
    const put = await bench.client.send(
      new PutTargetsCommand({
        Rule: 'r',
        Targets: [
          { Id: 'to-task', Arn: 'arn:conflux:task:orders' },
          { Id: 'queue', Arn: 'arn:aws:sqs:us-east-1:000000000000:q', Input: '{"fixed":true}' },
        ],
      }),
    );
    expect(put).toMatchObject({ FailedEntryCount: 0, FailedEntries: [] });
    expect(await targets()).toEqual([
      { Id: 'to-task', Arn: 'arn:conflux:task:orders' },
      { Id: 'queue', Arn: 'arn:aws:sqs:us-east-1:000000000000:q', Input: '{"fixed":true}' },
    ]);

    await bench.client.send(
      new PutTargetsCommand({ Rule: 'r', Targets: [{ Id: 'to-task', Arn: 'arn:conflux:task:other' }] }),
    );
    expect((await targets())?.[0]).toEqual({ Id: 'to-task', Arn: 'arn:conflux:task:other' });

    const names = await bench.client.send(new ListRuleNamesByTargetCommand({ TargetArn: 'arn:conflux:task:other' }));
    expect(names.RuleNames).toEqual(['r']);

    const removed = await bench.client.send(new RemoveTargetsCommand({ Rule: 'r', Ids: ['queue', 'never'] }));
    expect(removed).toMatchObject({
      FailedEntryCount: 1,
      FailedEntries: [
        {
          TargetId: 'never',
          ErrorCode: 'ResourceNotFoundException',
          ErrorMessage: "Rule 'r' does not have a target with the Id 'never'.",
        },
      ],
    });
    expect(await targets()).toEqual([{ Id: 'to-task', Arn: 'arn:conflux:task:other' }]);
  });

  it('pages ListTargetsByRule', async () => {
    const many = ['a', 'b', 'c'].map((id) => ({ Id: id, Arn: `arn:conflux:task:${id}` }));
    await bench.client.send(new PutTargetsCommand({ Rule: 'r', Targets: many }));
    const first = await bench.client.send(new ListTargetsByRuleCommand({ Rule: 'r', Limit: 2 }));
    expect(first.Targets?.map((t) => t.Id)).toEqual(['a', 'b']);
    const rest = await bench.client.send(new ListTargetsByRuleCommand({ Rule: 'r', NextToken: first.NextToken! }));
    expect(rest.Targets?.map((t) => t.Id)).toEqual(['c']);
  });

  it('refuses what AWS refuses', async () => {
    await expectAwsError(
      bench.client.send(new PutTargetsCommand({ Rule: 'nope', Targets: [{ Id: 't', Arn: 'arn:conflux:task:x' }] })),
      'ResourceNotFoundException',
      'Rule nope does not exist on EventBus default.',
    );
    await expectAwsError(
      bench.client.send(new PutTargetsCommand({ Rule: 'r', Targets: [{ Id: 't', Arn: 'not-an-arn' }] })),
      'ValidationException',
      'Parameter not-an-arn is not valid. Reason: Provided Arn is not in correct format.',
    );
    await expectAwsError(
      bench.client.send(new PutTargetsCommand({ Rule: 'r', Targets: [{ Id: 'bad id', Arn: 'arn:conflux:task:x' }] })),
      'ValidationException',
      "1 validation error detected: Value 'bad id' at 'targets.1.member.id' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+",
    );
    await expectAwsError(
      bench.client.send(new PutTargetsCommand({ Rule: 'r', Targets: [] })),
      'ValidationException',
      "1 validation error detected: Value '[]' at 'targets' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    const five = ['1', '2', '3', '4', '5'].map((id) => ({ Id: id, Arn: `arn:conflux:task:t${id}` }));
    await bench.client.send(new PutTargetsCommand({ Rule: 'r', Targets: five }));
    await expectAwsError(
      bench.client.send(new PutTargetsCommand({ Rule: 'r', Targets: [{ Id: '6', Arn: 'arn:conflux:task:t6' }] })),
      'LimitExceededException',
      'The requested resource exceeds the maximum number allowed.',
    );
    await expectAwsError(
      bench.client.send(new ListTargetsByRuleCommand({ Rule: 'r', EventBusName: 'nope' })),
      'ResourceNotFoundException',
      'Event bus nope does not exist.',
    );
    await expectAwsError(
      bench.client.send(new RemoveTargetsCommand({ Rule: 'r', Ids: [] })),
      'ValidationException',
      "1 validation error detected: Value '[]' at 'ids' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });
});
