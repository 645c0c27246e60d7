import {
  DeleteRuleCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  EventBridgeClient,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../bus/delivery/index.js';
import { eventBridgeRoutes } from '../../../../bus/emulator/eventbridge/http.js';
import { serve } from '../../../../bus/emulator/http/server.js';
import type { CloudEvent } from '../../../../bus/event.js';
import { expectAwsError } from './setup.js';

const START = Date.parse('2026-01-01T10:00:00Z');
const MINUTE = 60_000;

let clock: ManualClock;
let stop: AbortController;
let got: { task: string; event: CloudEvent }[];
let server: Awaited<ReturnType<typeof serve>>;
let clients: EventBridgeClient[];
let client: EventBridgeClient;

const clientIn = (region: string) => {
  const c = new EventBridgeClient({
    endpoint: `http://127.0.0.1:${server.port}`,
    region,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  clients.push(c);
  return c;
};

// The emulator's EventBridge API alone, on a ManualClock: schedules fire when the test moves time,
// and what they send is recorded where a task would take it.
beforeEach(async () => {
  clock = new ManualClock(START);
  stop = new AbortController();
  got = [];
  const delivery = {
    deliver: async (task: string, events: CloudEvent[]) => {
      for (const event of events) got.push({ task, event });
      return { undelivered: 0 };
    },
  };
  server = await serve(eventBridgeRoutes(delivery, { clock, signal: stop.signal }), 0);
  clients = [];
  client = clientIn('us-east-1');
});
afterEach(async () => {
  stop.abort();
  for (const c of clients) c.destroy();
  await new Promise((resolve) => server.server.close(resolve));
});

async function scheduled(name: string, expression: string, task = 'ticks', on = client) {
  await on.send(new PutRuleCommand({ Name: name, ScheduleExpression: expression }));
  await on.send(new PutTargetsCommand({ Rule: name, Targets: [{ Id: task, Arn: `arn:conflux:task:${task}` }] }));
}

const times = () => got.map(({ event }) => event.time);

describe('scheduled rules fire on their schedule', () => {
  it("rate(5 minutes): AWS's Scheduled Event every five minutes from when the rule was put", async () => {
    await scheduled('tick', 'rate(5 minutes)');
    await clock.advance(5 * MINUTE - 1);
    expect(got).toEqual([]);
    await clock.advance(1);
    expect(got).toEqual([
      {
        task: 'ticks',
        event: {
          version: '0',
          id: expect.stringMatching(/^[0-9a-f-]{36}$/),
          'detail-type': 'Scheduled Event',
          source: 'aws.events',
          account: '000000000000',
          time: '2026-01-01T10:05:00Z',
          region: 'us-east-1',
          resources: ['arn:aws:events:us-east-1:000000000000:rule/tick'],
          detail: {},
        },
      },
    ]);
    await clock.advance(10 * MINUTE);
    expect(times()).toEqual(['2026-01-01T10:05:00Z', '2026-01-01T10:10:00Z', '2026-01-01T10:15:00Z']);
    expect(new Set(got.map(({ event }) => event.id)).size).toBe(3);
  });

  it('cron(0 12 * * ? *): at noon UTC each day', async () => {
    await scheduled('noon', 'cron(0 12 * * ? *)');
    await clock.advance(2 * 60 * MINUTE - 1);
    expect(got).toEqual([]);
    await clock.advance(24 * 60 * MINUTE + 1);
    expect(times()).toEqual(['2026-01-01T12:00:00Z', '2026-01-02T12:00:00Z']);
  });

  it('a disabled rule stops firing; enabled again it counts from then; deleted it stops for good', async () => {
    await scheduled('tick', 'rate(1 minute)');
    await clock.advance(2 * MINUTE);
    await client.send(new DisableRuleCommand({ Name: 'tick' }));
    await clock.advance(10 * MINUTE);
    expect(times()).toEqual(['2026-01-01T10:01:00Z', '2026-01-01T10:02:00Z']);
    expect(clock.sleepers).toBe(0);
    await clock.advance(30_000);
    await client.send(new EnableRuleCommand({ Name: 'tick' }));
    await clock.advance(2 * MINUTE);
    expect(times().slice(2)).toEqual(['2026-01-01T10:13:30Z', '2026-01-01T10:14:30Z']);
    await client.send(new RemoveTargetsCommand({ Rule: 'tick', Ids: ['ticks'] }));
    await client.send(new DeleteRuleCommand({ Name: 'tick' }));
    expect(clock.sleepers).toBe(0);
    await clock.advance(10 * MINUTE);
    expect(got).toHaveLength(4);
  });

  it('PutRule with a new expression replaces the schedule (one timer per rule)', async () => {
    await scheduled('tick', 'rate(1 hour)');
    await client.send(new PutRuleCommand({ Name: 'tick', ScheduleExpression: 'rate(2 minutes)' }));
    expect(clock.sleepers).toBe(1);
    await clock.advance(60 * MINUTE);
    expect(got).toHaveLength(30);
    expect(times()[0]).toBe('2026-01-01T10:02:00Z');
  });

  it('a rule put DISABLED does not fire; rules without targets fire to nobody', async () => {
    await client.send(new PutRuleCommand({ Name: 'off', ScheduleExpression: 'rate(1 minute)', State: 'DISABLED' }));
    await client.send(new PutRuleCommand({ Name: 'alone', ScheduleExpression: 'rate(1 minute)' }));
    await clock.advance(5 * MINUTE);
    expect(got).toEqual([]);
    expect(clock.sleepers).toBe(1);
  });

  it("applies the target's InputTransformer to the scheduled event", async () => {
    await client.send(new PutRuleCommand({ Name: 'tick', ScheduleExpression: 'rate(1 minute)' }));
    await client.send(
      new PutTargetsCommand({
        Rule: 'tick',
        Targets: [
          {
            Id: 'shaped',
            Arn: 'arn:conflux:task:ticks',
            InputTransformer: {
              InputPathsMap: { at: '$.time', kind: '$.detail-type' },
              InputTemplate: '{"rule": <aws.events.rule-name>, "at": <at>, "note": "<kind> at <at>"}',
            },
          },
        ],
      }),
    );
    await clock.advance(MINUTE);
    expect(got.map(({ event }) => ({ ...event }))).toEqual([
      { rule: 'tick', at: '2026-01-01T10:01:00Z', note: 'Scheduled Event at 2026-01-01T10:01:00Z' },
    ]);
  });

  it('each region keeps its own schedules, and fires with its region and rule ARN', async () => {
    await scheduled('tick', 'rate(1 minute)', 'ticks', clientIn('eu-west-1'));
    await clock.advance(MINUTE);
    expect(got.map(({ event }) => [event.region, event.resources])).toEqual([
      ['eu-west-1', ['arn:aws:events:eu-west-1:000000000000:rule/tick']],
    ]);
  });

  it('stopping the emulator clears every timer', async () => {
    await scheduled('a', 'rate(1 minute)');
    await scheduled('b', 'cron(0 12 * * ? *)');
    expect(clock.sleepers).toBe(2);
    stop.abort();
    await clock.advance(0);
    expect(clock.sleepers).toBe(0);
    await clock.advance(24 * 60 * MINUTE);
    expect(got).toEqual([]);
    // After the stop, a new schedule starts no timer.
    await scheduled('c', 'rate(1 minute)');
    expect(clock.sleepers).toBe(0);
  });

  it("refuses a bad expression with AWS's message", async () => {
    for (const expression of ['rate(1 minutes)', 'cron(0 12 * * * *)', 'cron(0 12 * * ?)', 'rate(5 seconds)'])
      await expectAwsError(
        client.send(new PutRuleCommand({ Name: 'bad', ScheduleExpression: expression })),
        'ValidationException',
        'Parameter ScheduleExpression is not valid.',
      );
  });
});
