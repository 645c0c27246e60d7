import { PutEventsCommand, PutRuleCommand, PutTargetsCommand, type Target } from '@aws-sdk/client-eventbridge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../../helpers/process.js';
import { type EventBridgeBench, expectAwsError, startBench } from './setup.js';

let bench: EventBridgeBench;
beforeEach(async () => {
  bench = await startBench(['shaped', 'constant', 'path', 'text']);
  await bench.client.send(new PutRuleCommand({ Name: 'paid', EventPattern: '{"detail":{"status":["paid"]}}' }));
});
afterEach(async () => {
  await bench.close();
});

const putTargets = (targets: Target[]) => bench.client.send(new PutTargetsCommand({ Rule: 'paid', Targets: targets }));

async function deliveredWhen(task: string, count: number) {
  await waitFor(async () => (await bench.delivered(task)).length >= count, `${count} events in ${task}.jsonl`);
  return bench.delivered(task);
}

describe('target input through the real SDK, to arn:conflux:task targets', () => {
  it('InputTransformer, Input and InputPath shape what each task gets; plain text comes as CloudEvent data', async () => {
    await putTargets([
      {
        Id: 'shaped',
        Arn: 'arn:conflux:task:shaped',
        InputTransformer: {
          InputPathsMap: {
            order: '$.detail.id',
            status: '$.detail.status',
            who: '$.detail.who',
            gone: '$.detail.gone',
          },
          InputTemplate:
            '{"order": <order>, "status": "<status>", "rule": <aws.events.rule-name>, "says": "<who> says \\"hi\\"", "gone": <gone>}',
        },
      },
      { Id: 'constant', Arn: 'arn:conflux:task:constant', Input: '{"fixed": "ü"}' },
      { Id: 'path', Arn: 'arn:conflux:task:path', InputPath: '$.detail' },
      {
        Id: 'text',
        Arn: 'arn:conflux:task:text',
        InputTransformer: { InputPathsMap: { who: '$.detail.who' }, InputTemplate: 'order by <who>' },
      },
    ]);
    const detail = { id: 7, status: 'paid', who: 'Zoë "Z" ✓' };
    const answer = await bench.client.send(
      new PutEventsCommand({ Entries: [{ Source: 'shop', DetailType: 'Order', Detail: JSON.stringify(detail) }] }),
    );
    const id = answer.Entries![0]!.EventId!;

    expect(await deliveredWhen('shaped', 1)).toEqual([
      { order: 7, status: 'paid', rule: 'paid', says: 'Zoë "Z" ✓ says "hi"', gone: '' },
    ]);
    expect(await deliveredWhen('constant', 1)).toEqual([{ fixed: 'ü' }]);
    expect(await deliveredWhen('path', 1)).toEqual([detail]);
    expect(await deliveredWhen('text', 1)).toEqual([
      {
        specversion: '1.0',
        id,
        source: 'shop',
        type: 'Order',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        datacontenttype: 'text/plain',
        data: 'order by Zoë "Z" ✓',
      },
    ]);
  });

  it('a JSON value that is not an object comes as CloudEvent data (application/json)', async () => {
    await putTargets([{ Id: 'path', Arn: 'arn:conflux:task:path', InputPath: '$.detail.tags' }]);
    await bench.client.send(
      new PutEventsCommand({
        Entries: [{ Source: 'shop', DetailType: 'Order', Detail: '{"status":"paid","tags":["a",1]}' }],
      }),
    );
    expect(await deliveredWhen('path', 1)).toEqual([
      expect.objectContaining({ datacontenttype: 'application/json', data: ['a', 1] }),
    ]);
  });
});

describe('PutTargets refuses bad input settings as AWS does', () => {
  const target = (extra: Partial<Target>): Target[] => [{ Id: 't1', Arn: 'arn:conflux:task:shaped', ...extra }];

  it.each([
    [
      { Input: '{}', InputPath: '$.detail' },
      'Only one of Input, InputPath, or InputTransformer must be provided for target t1.',
    ],
    [{ Input: 'not json' }, 'Input for target t1 is not a valid JSON text.'],
    [
      { InputTransformer: { InputPathsMap: { a: '$.detail' }, InputTemplate: '"<a> and <b>"' } },
      'InputTemplate for target t1 contains invalid placeholder b.',
    ],
    [
      { InputTransformer: { InputPathsMap: { a: 'detail.a' }, InputTemplate: '<a>' } },
      'InputPathsMap for target t1 has an invalid JSON path for a: detail.a.',
    ],
    [
      { InputTransformer: { InputPathsMap: { 'bad key': '$.a' }, InputTemplate: '<a>' } },
      "1 validation error detected: Value '{bad key=$.a}' at 'targets.1.member.inputTransformer.inputPathsMap' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [A-Za-z0-9\\_\\-]+]",
    ],
    [
      { InputTransformer: { InputPathsMap: { a: `$.${'x'.repeat(256)}` }, InputTemplate: '<a>' } },
      /^1 validation error detected: Value '\{a=\$\.x+\}' at 'targets\.1\.member\.inputTransformer\.inputPathsMap' failed to satisfy constraint: Map value must satisfy constraint: \[Member must have length less than or equal to 256\]$/,
    ],
    [
      {
        InputTransformer: {
          InputPathsMap: Object.fromEntries([...Array(101).keys()].map((i) => [`k${i}`, '$'])),
          InputTemplate: '<k0>',
        },
      },
      /^1 validation error detected: Value '\{k0=\$, .*k100=\$\}' at 'targets\.1\.member\.inputTransformer\.inputPathsMap' failed to satisfy constraint: Member must have length less than or equal to 100$/,
    ],
    [
      { InputTransformer: { InputPathsMap: { a: '$' } } as unknown as Target['InputTransformer'] },
      "1 validation error detected: Value null at 'targets.1.member.inputTransformer.inputTemplate' failed to satisfy constraint: Member must not be null",
    ],
  ])('%j', async (extra, message) => {
    await expectAwsError(putTargets(target(extra as Partial<Target>)), 'ValidationException', message);
  });
});
