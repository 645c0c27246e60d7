import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { afterEach, describe, expect, it } from 'vitest';
import { eventBridgeRoutes } from '../../../../bus/emulator/eventbridge/http.js';
import type { TargetFailure } from '../../../../bus/emulator/eventbridge/targets.js';
import { serve } from '../../../../bus/emulator/http/server.js';
import type { CloudEvent } from '../../../../bus/event.js';
import { validateConfig } from '../../../../infra/config/index.js';
import { emulatorLogger, logTargetFailure } from '../../../../infra/wire/logger.js';
import { type Streams, startStreams } from '../../../../infra/wire/streams.js';
import { waitFor } from '../../../helpers/process.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function clientOf(port: number): EventBridgeClient {
  const client = new EventBridgeClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  cleanup.push(async () => client.destroy());
  return client;
}

async function routeTo(client: EventBridgeClient, task: string): Promise<void> {
  await client.send(new PutRuleCommand({ Name: `to-${task}`, EventPattern: '{"source":["shop"]}' }));
  await client.send(
    new PutTargetsCommand({ Rule: `to-${task}`, Targets: [{ Id: task, Arn: `arn:conflux:task:${task}` }] }),
  );
}

const entry = (n: number, extra: Record<string, unknown> = {}) => ({
  Source: 'shop',
  DetailType: 'Order',
  Detail: JSON.stringify({ n, ...extra }),
});

describe('EventBridge delivery to tasks', () => {
  it("bounds each target's queue: entries past it get ThrottlingException and no EventId, and are reported", async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const got: CloudEvent[] = [];
    const failures: TargetFailure[] = [];
    const delivery = {
      deliver: async (_task: string, events: CloudEvent[]) => {
        await gate; // the task is slow: nothing leaves the queue until the gate opens
        got.push(...events);
        return { undelivered: 0 };
      },
    };
    const routes = eventBridgeRoutes(delivery, {
      targetQueue: { events: 3, bytes: 1024 * 1024 },
      onTargetFailure: (failure) => failures.push(failure),
    });
    const server = await serve(routes, 0);
    cleanup.push(() => new Promise((resolve) => server.server.close(() => resolve())));
    const client = clientOf(server.port);
    await routeTo(client, 'slow');

    const answer = await client.send(new PutEventsCommand({ Entries: [1, 2, 3, 4, 5].map((n) => entry(n)) }));
    expect(answer.FailedEntryCount).toBe(2);
    expect(answer.Entries!.slice(0, 3).every((e) => typeof e.EventId === 'string')).toBe(true);
    for (const refused of answer.Entries!.slice(3)) {
      expect(refused).toEqual({
        ErrorCode: 'ThrottlingException',
        ErrorMessage: expect.stringMatching(/^Rate exceeded/),
      });
    }
    expect(failures).toEqual([
      { arn: 'arn:conflux:task:slow', events: 1, kind: 'throttled', reason: expect.stringContaining('queue is full') },
      { arn: 'arn:conflux:task:slow', events: 1, kind: 'throttled', reason: expect.stringContaining('queue is full') },
    ]);
    open();
    await waitFor(() => got.length === 3, 'the three accepted events');
    expect(got.map((e) => (e.detail as { n: number }).n)).toEqual([1, 2, 3]);
    const again = await client.send(new PutEventsCommand({ Entries: [entry(6)] }));
    expect(again.FailedEntryCount).toBe(0);
  });

  it('logs every failure: throttled entries as warnings, undelivered events as errors', () => {
    const out = new PassThrough();
    const log = logTargetFailure(emulatorLogger(out));
    log({ arn: 'arn:conflux:task:a', events: 2, kind: 'failed', reason: 'task a is paused: it takes no events' });
    log({ arn: 'arn:conflux:task:a', events: 1, kind: 'throttled', reason: "the target's queue is full" });
    const lines = String(out.read())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toMatchObject([
      { level: 50, arn: 'arn:conflux:task:a', events: 2, reason: 'task a is paused: it takes no events' },
      { level: 40, kind: 'throttled', msg: expect.stringContaining('throttled') },
    ]);
  });

  describe('in the emulator', () => {
    async function emulator(): Promise<{ streams: Streams; client: EventBridgeClient; failures: TargetFailure[] }> {
      const dir = await mkdtemp(join(tmpdir(), 'conflux-target-failures-'));
      const valid = validateConfig({ version: 1, tasks: [] });
      if (!valid.ok) throw new Error('bad test config');
      const failures: TargetFailure[] = [];
      const streams = await startStreams(valid.config, {
        baseDir: dir,
        dataDir: join(dir, '.conflux'),
        port: 0,
        onTargetFailure: (failure) => failures.push(failure),
      });
      cleanup.push(() => streams.close());
      return { streams, client: clientOf(streams.port), failures };
    }

    it("settles a transform failure by the task's tolerance (dead letter), delivers the rest, and reports it", async () => {
      const { streams, client, failures } = await emulator();
      await streams.emulator.create({
        name: 'orders',
        source: { type: 'kafka', topic: 'target-failures-unused' },
        transform: { form: 'JSONPATH', value: '$.detail.id' },
        sink: { type: 'file', path: 'orders.jsonl' },
        errors: { tolerance: 'ALL', deadLetter: { type: 'kafka', topic: 'target-failures-dlq' } },
      });
      await routeTo(client, 'orders');
      const answer = await client.send(new PutEventsCommand({ Entries: [entry(1, { id: 'a' }), entry(2)] }));
      expect(answer.FailedEntryCount).toBe(0);
      await waitFor(() => failures.length === 1, 'the failure reported');
      expect(failures[0]).toEqual({
        arn: 'arn:conflux:task:orders',
        events: 1,
        kind: 'failed',
        reason: "1 dead-lettered, 0 dropped by the task's tolerance",
      });
      expect(streams.emulator.view('orders').metrics).toMatchObject({ eventsOut: 1, deadLettered: 1 });
      const [letter] = await streams.emulator.deadLetters('orders');
      expect(letter?.deadLetter).toMatchObject({
        errorcode: 'transform.nothing-selected',
        id: answer.Entries![1]!.EventId,
      });
    });

    it('dead-letters events for a paused task by its tolerance, to redrive after the resume', async () => {
      const { streams, client, failures } = await emulator();
      await streams.emulator.create({
        name: 'resting',
        source: { type: 'kafka', topic: 'target-failures-unused' },
        sink: { type: 'file', path: 'resting.jsonl' },
        errors: { tolerance: 'ALL', deadLetter: { type: 'kafka', topic: 'target-failures-resting-dlq' } },
      });
      await routeTo(client, 'resting');
      await streams.emulator.pause('resting');
      const answer = await client.send(new PutEventsCommand({ Entries: [entry(1)] }));
      await waitFor(() => failures.length === 1, 'the failure reported');
      expect(failures[0]).toMatchObject({
        events: 1,
        kind: 'failed',
        reason: expect.stringMatching(/^1 dead-lettered/),
      });
      const [letter] = await streams.emulator.deadLetters('resting');
      expect(letter?.deadLetter).toMatchObject({ errorcode: 'task.not-running', id: answer.Entries![0]!.EventId });
      await streams.emulator.start('resting');
      expect(await streams.emulator.redrive('resting')).toMatchObject({ redriven: 1, delivered: 1 });
    });

    it('drops (and reports) events for a paused task without a dead-letter queue; a stop cuts retries short, so shutdown does not wait', async () => {
      const { streams, client, failures } = await emulator();
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as { port: number }).port;
      await new Promise((resolve) => closed.close(resolve)); // nothing listens there: every send is refused, a retriable error
      await streams.emulator.create({
        name: 'down',
        source: { type: 'kafka', topic: 'target-failures-unused' },
        sink: { type: 'http', url: `http://127.0.0.1:${port}/` },
      });
      await routeTo(client, 'down');

      await streams.emulator.pause('down');
      await client.send(new PutEventsCommand({ Entries: [entry(1)] }));
      await waitFor(() => failures.length === 1, 'the paused task reported');
      expect(failures[0]).toMatchObject({
        events: 1,
        kind: 'failed',
        reason: "0 dead-lettered, 1 dropped by the task's tolerance",
      });

      await streams.emulator.start('down');
      await client.send(new PutEventsCommand({ Entries: [entry(2)] }));
      await waitFor(() => streams.emulator.view('down').metrics.retries >= 1, 'a retry (10-20 s away)');
      const stopping = Date.now();
      await streams.emulator.stopAll();
      await waitFor(() => failures.length === 2, 'the cut-short delivery reported', 2000);
      expect(Date.now() - stopping).toBeLessThan(3000);
      expect(failures[1]).toMatchObject({
        events: 1,
        kind: 'failed',
        reason: expect.stringMatching(/^not delivered: /),
      });
    });
  });
});
