import {
  CreateEventBusCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  PutEventsCommand,
  type PutEventsRequestEntry,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../../helpers/process.js';
import { type EventBridgeBench, startBench } from './setup.js';

let bench: EventBridgeBench;
beforeEach(async () => {
  bench = await startBench(['orders', 'audit']);
});
afterEach(async () => {
  await bench.close();
});

const order = (n: number, status: string, extra: Partial<PutEventsRequestEntry> = {}): PutEventsRequestEntry => ({
  Source: 'shop',
  DetailType: 'Order Changed',
  Detail: JSON.stringify({ n, status }),
  ...extra,
});

/** Puts entries, expects every one accepted, and returns their event ids. */
async function put(entries: PutEventsRequestEntry[]): Promise<string[]> {
  const answer = await bench.client.send(new PutEventsCommand({ Entries: entries }));
  expect(answer.FailedEntryCount).toBe(0);
  return answer.Entries!.map((e) => e.EventId!);
}

/** Waits until a task's file holds `count` events, then returns them (sends to one target are ordered, so later ones follow). */
async function deliveredWhen(task: string, count: number) {
  await waitFor(async () => (await bench.delivered(task)).length >= count, `${count} events in ${task}.jsonl`);
  return (await bench.delivered(task)) as { id: string; detail: { n: number } }[];
}

const ns = (events: { detail: { n: number } }[]) => events.map((e) => e.detail.n);

async function rule(name: string, pattern: unknown, task: string, bus?: string) {
  const where = bus === undefined ? {} : { EventBusName: bus };
  await bench.client.send(new PutRuleCommand({ Name: name, EventPattern: JSON.stringify(pattern), ...where }));
  await bench.client.send(
    new PutTargetsCommand({ Rule: name, Targets: [{ Id: task, Arn: `arn:conflux:task:${task}` }], ...where }),
  );
}

describe('rule targets arn:conflux:task:<task>', () => {
  it("hands exactly the matched events, in AWS's target shape, to the task's sink", async () => {
    await rule('paid', { source: ['shop'], detail: { status: ['paid'] } }, 'orders');
    await bench.client.send(
      new PutTargetsCommand({
        Rule: 'paid',
        Targets: [{ Id: 'elsewhere', Arn: 'arn:aws:sqs:us-east-1:000000000000:q' }],
      }),
    );
    const ids = await put([
      order(1, 'paid'),
      order(2, 'new'),
      order(3, 'paid', { Resources: ['arn:aws:shop:::order/3'], Time: new Date('2026-01-02T03:04:05.678Z') }),
      order(4, 'paid', { Source: 'other-shop' }),
    ]);
    const events = await deliveredWhen('orders', 2);
    expect(events).toHaveLength(2);
    expect(Object.keys(events[0]!)).toEqual([
      'version',
      'id',
      'detail-type',
      'source',
      'account',
      'time',
      'region',
      'resources',
      'detail',
    ]);
    expect(events[0]).toEqual({
      version: '0',
      id: ids[0],
      'detail-type': 'Order Changed',
      source: 'shop',
      account: '000000000000',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      region: 'us-east-1',
      resources: [],
      detail: { n: 1, status: 'paid' },
    });
    expect(events[1]).toEqual({
      version: '0',
      id: ids[2],
      'detail-type': 'Order Changed',
      source: 'shop',
      account: '000000000000',
      time: '2026-01-02T03:04:05Z',
      region: 'us-east-1',
      resources: ['arn:aws:shop:::order/3'],
      detail: { n: 3, status: 'paid' },
    });
    // A later matching event arrives after everything put before it: nothing else was on its way.
    await put([order(5, 'paid')]);
    expect(ns(await deliveredWhen('orders', 3))).toEqual([1, 3, 5]);
    expect(await bench.delivered('audit')).toEqual([]);
  });

  it('delivers nothing for a disabled rule, and again once it is enabled', async () => {
    await rule('paid', { detail: { status: ['paid'] } }, 'orders');
    await put([order(1, 'paid')]);
    await deliveredWhen('orders', 1);
    await bench.client.send(new DisableRuleCommand({ Name: 'paid' }));
    await put([order(2, 'paid')]);
    await bench.client.send(new EnableRuleCommand({ Name: 'paid' }));
    await put([order(3, 'paid')]);
    expect(ns(await deliveredWhen('orders', 2))).toEqual([1, 3]);
  });

  it("matches a custom bus's events against that bus's rules only", async () => {
    await bench.client.send(new CreateEventBusCommand({ Name: 'audit-bus' }));
    await rule('on-default', { source: ['shop'] }, 'orders');
    await rule('on-audit', { source: ['shop'] }, 'audit', 'audit-bus');
    await put([
      order(1, 'paid'),
      order(2, 'paid', { EventBusName: 'audit-bus' }),
      order(3, 'paid', { EventBusName: 'arn:aws:events:us-east-1:000000000000:event-bus/audit-bus' }),
      order(4, 'paid'),
    ]);
    expect(ns(await deliveredWhen('orders', 2))).toEqual([1, 4]);
    expect(ns(await deliveredWhen('audit', 2))).toEqual([2, 3]);
  });

  it('delivers to every matching rule, and answers PutEvents even when a target task does not exist', async () => {
    await rule('paid', { detail: { status: ['paid'] } }, 'orders');
    await rule('all', { source: ['shop'] }, 'audit');
    await rule('ghost', { source: ['shop'] }, 'no-such-task');
    await put([order(1, 'paid'), order(2, 'new')]);
    expect(ns(await deliveredWhen('orders', 1))).toEqual([1]);
    expect(ns(await deliveredWhen('audit', 2))).toEqual([1, 2]);
    await put([order(3, 'paid')]);
    expect(ns(await deliveredWhen('orders', 2))).toEqual([1, 3]);
  });
});
