import { PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../../helpers/process.js';
import { type EventBridgeBench, startBench } from './setup.js';

let bench: EventBridgeBench | undefined;
afterEach(async () => {
  await bench?.close();
  bench = undefined;
});

describe('PutEvents matches Detail numbers by their decimal meaning', () => {
  it('2^53 + 1 does not match a rule on 2^53, and the target gets the event as AWS shapes it', async () => {
    bench = await startBench(['exact']);
    await bench.client.send(
      new PutRuleCommand({ Name: 'r', EventPattern: '{"source":["shop"],"detail":{"n":[9007199254740992]}}' }),
    );
    await bench.client.send(
      new PutTargetsCommand({ Rule: 'r', Targets: [{ Id: 't', Arn: 'arn:conflux:task:exact' }] }),
    );
    const put = (id: string, n: string) =>
      bench!.client.send(
        new PutEventsCommand({ Entries: [{ Source: 'shop', DetailType: 't', Detail: `{"id":"${id}","n":${n}}` }] }),
      );
    await put('plus-one', '9007199254740993'); // JSON.parse reads it as 2^53
    await put('exact', '9007199254740992');
    await put('end', '9007199254740992.0');
    const ids = async () => ((await bench!.delivered('exact')) as { detail: { id: string } }[]).map((e) => e.detail.id);
    await waitFor(async () => (await ids()).includes('end'), 'the last event delivered');
    expect(await ids()).toEqual(['exact', 'end']);
  });
});
