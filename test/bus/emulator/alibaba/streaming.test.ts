import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as EventBridge from '@alicloud/eventbridge';
import { afterEach, describe, expect, it } from 'vitest';
import { type AlibabaBench, sdkError, startAlibabaBench } from './setup.js';

let bench: AlibabaBench;
afterEach(async () => {
  await bench?.close();
});

const constant = (value: string) => new EventBridge.TargetParameter({ form: 'CONSTANT', value });
const kafkaSource = (topic: string) =>
  new EventBridge.Source({
    sourceKafkaParameters: new EventBridge.SourceKafkaParameters({
      topic,
      consumerGroup: `GID_${topic}`,
      offsetReset: 'earliest',
    }),
  });
const kafkaSink = (topic: string, template: string) =>
  new EventBridge.Sink({
    sinkKafkaParameters: new EventBridge.SinkKafkaParameters({
      topic: constant(topic),
      value: new EventBridge.TargetParameter({ form: 'TEMPLATE', value: '{"id":"$.data.value.id"}', template }),
    }),
  });
const name = (eventStreamingName: string) => ({ eventStreamingName });
const statusOf = async (stream: string) =>
  (await bench.client.getEventStreaming(new EventBridge.GetEventStreamingRequest(name(stream)))).status;

describe('event streaming with the @alicloud/eventbridge SDK', () => {
  it('runs a Kafka → alibaba filter → TEMPLATE → Kafka stream: created, started, fed, paused, updated, resumed, listed, measured, deleted', async () => {
    bench = await startAlibabaBench();
    const { client } = bench;
    const created = await client.createEventStreaming(
      new EventBridge.CreateEventStreamingRequest({
        eventStreamingName: 'orders-paid',
        description: 'paid orders to a topic',
        source: kafkaSource('orders-in'),
        filterPattern: '{"data":{"value":{"status":["paid"]}}}',
        sink: kafkaSink('orders-out', 'order ${id} paid'),
        runOptions: new EventBridge.RunOptions({ maximumTasks: 2, errorsTolerance: 'ALL' }),
      }),
    );
    expect(created.eventStreamingARN).toBe('acs:eventbridge:local:000000000000:eventstreaming/orders-paid');
    expect(await statusOf('orders-paid')).toBe('READY');
    // the same task the task API shows
    const tasks = (await (await fetch(`http://127.0.0.1:${bench.streams.port}/api/tasks`)).json()) as {
      tasks: { name: string; state: string }[];
    };
    expect(tasks.tasks).toEqual([expect.objectContaining({ name: 'orders-paid', state: 'created' })]);

    await client.startEventStreaming(new EventBridge.StartEventStreamingRequest(name('orders-paid')));
    expect(await statusOf('orders-paid')).toBe('RUNNING');
    await bench.produce('orders-in', [
      { id: 1, status: 'paid' },
      { id: 2, status: 'new' },
      { id: 3, status: 'paid' },
    ]);
    expect((await bench.topicWhen('orders-out', 2)).sort()).toEqual(['order 1 paid', 'order 3 paid']);

    await client.pauseEventStreaming(new EventBridge.PauseEventStreamingRequest(name('orders-paid')));
    expect(await statusOf('orders-paid')).toBe('PAUSED');
    await bench.produce('orders-in', [{ id: 4, status: 'paid' }]);
    await client.updateEventStreaming(
      new EventBridge.UpdateEventStreamingRequest({
        eventStreamingName: 'orders-paid',
        Sink: kafkaSink('orders-out', 'paid: ${id}'),
      }),
    );
    expect(await statusOf('orders-paid')).toBe('PAUSED');
    await client.startEventStreaming(new EventBridge.StartEventStreamingRequest(name('orders-paid')));
    expect((await bench.topicWhen('orders-out', 3)).sort()).toEqual(['order 1 paid', 'order 3 paid', 'paid: 4']);

    const got = await client.getEventStreaming(new EventBridge.GetEventStreamingRequest(name('orders-paid')));
    expect(got.description).toBe('paid orders to a topic');
    expect(got.filterPattern).toBe('{"data":{"value":{"status":["paid"]}}}');
    expect(got.source.sourceKafkaParameters).toMatchObject({
      topic: 'orders-in',
      consumerGroup: 'GID_orders-in',
      offsetReset: 'earliest',
    });
    expect(got.sink.sinkKafkaParameters?.value).toMatchObject({
      form: 'TEMPLATE',
      value: '{"id":"$.data.value.id"}',
      template: 'paid: ${id}',
    });
    expect(got.runOptions).toMatchObject({
      maximumTasks: 2,
      errorsTolerance: 'ALL',
      retryStrategy: { pushRetryStrategy: 'BACKOFF_RETRY' },
    });

    await client.createEventStreaming(
      new EventBridge.CreateEventStreamingRequest({
        eventStreamingName: 'orders-all',
        source: kafkaSource('orders-in'),
        filterPattern: '',
        sink: kafkaSink('orders-copy', '${id}'),
      }),
    );
    const page1 = await client.listEventStreamings(
      new EventBridge.ListEventStreamingsRequest({ namePrefix: 'orders-', limit: 1 }),
    );
    expect(
      page1.eventStreamings?.map((s: EventBridge.EBEventStreamingEntry) => [s.eventStreamingName, s.status]),
    ).toEqual([['orders-paid', 'RUNNING']]);
    expect([page1.total, page1.nextToken]).toEqual([2, '1']);
    const page2 = await client.listEventStreamings(
      new EventBridge.ListEventStreamingsRequest({ namePrefix: 'orders-', limit: 1, nextToken: page1.nextToken }),
    );
    expect(
      page2.eventStreamings?.map((s: EventBridge.EBEventStreamingEntry) => [s.eventStreamingName, s.status]),
    ).toEqual([['orders-all', 'READY']]);
    expect(page2.nextToken).toBeUndefined();
    const none = await client.listEventStreamings(new EventBridge.ListEventStreamingsRequest({ namePrefix: 'nope' }));
    expect([none.eventStreamings, none.total]).toEqual([[], 0]);

    // the last batch commits (and counts) just after the sink has it
    const metrics = async () =>
      (
        await client.listEventStreamingMetrics(
          new EventBridge.ListEventStreamingMetricsRequest({ eventStreamingNames: ['orders-paid'] }),
        )
      ).eventStreamingMetrics;
    await expect.poll(async () => (await metrics())[0]?.diffOffset).toBe(0);
    const [measured] = await metrics();
    expect(measured).toMatchObject({ name: 'orders-paid', status: 'RUNNING', diffOffset: 0 });
    expect(measured!.tps).toEqual(expect.any(Number));
    expect(measured!.lastHeartBeat).toBeGreaterThan(0);
    expect(measured!.delayTime).toBeGreaterThanOrEqual(0);

    await client.deleteEventStreaming(new EventBridge.DeleteEventStreamingRequest(name('orders-paid')));
    const gone = await sdkError(
      client.getEventStreaming(new EventBridge.GetEventStreamingRequest(name('orders-paid'))),
    );
    expect(gone.code).toBe('EventStreamingNotExisted');
    expect(gone.data).toMatchObject({
      Code: 'EventStreamingNotExisted',
      Message: 'The event streaming [orders-paid] not existed!',
      Success: false,
    });
  });

  it('delivers to an FC-style handler (SinkFcParameters), and dead-letters what it refuses to a Kafka topic', async () => {
    bench = await startAlibabaBench();
    await writeFile(
      join(bench.dir, 'notify.mjs'),
      `import { appendFile } from 'node:fs/promises';
export async function handler(event) {
  const payloads = JSON.parse(event.toString());
  if (payloads.some((p) => p.fail)) throw new Error('refused');
  await appendFile(${JSON.stringify(join(bench.dir, 'notified.txt'))}, payloads.map((p) => JSON.stringify(p) + '\\n').join(''));
}
`,
    );
    await bench.client.createEventStreaming(
      new EventBridge.CreateEventStreamingRequest({
        eventStreamingName: 'notify',
        source: kafkaSource('notify-in'),
        filterPattern: '{}',
        sink: new EventBridge.Sink({
          sinkFcParameters: new EventBridge.SinkFcParameters({
            functionName: constant('notify.mjs#handler'),
            body: new EventBridge.TargetParameter({ form: 'JSONPATH', value: '$.data.value' }),
          }),
        }),
        runOptions: new EventBridge.RunOptions({
          errorsTolerance: 'ALL',
          retryStrategy: new EventBridge.RetryStrategy({
            pushRetryStrategy: 'EXPONENTIAL_DECAY_RETRY',
            maximumEventAgeInSeconds: 86400,
          }),
          deadLetterQueue: new EventBridge.DeadLetterQueue({
            arn: 'acs:alikafka:cn-hangzhou:123:topic/embedded/notify-dlq',
          }),
        }),
      }),
    );
    await bench.client.startEventStreaming(new EventBridge.StartEventStreamingRequest(name('notify')));
    await bench.produce('notify-in', [{ n: 1 }, { n: 2, fail: true }, { n: 3 }], () => 'one-key');
    const deadLetters = (await bench.topicWhen('notify-dlq', 1)).map(
      (text) => JSON.parse(text) as Record<string, unknown>,
    );
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]).toMatchObject({
      errorcode: 'sink.function.handler-failed',
      task: 'notify',
      data: expect.objectContaining({ value: { n: 2, fail: true } }),
    });
    await expect.poll(() => bench.lines('notified.txt')).toEqual(['{"n":1}', '{"n":3}']);
    const got = await bench.client.getEventStreaming(new EventBridge.GetEventStreamingRequest(name('notify')));
    expect(got.sink.sinkFcParameters?.functionName).toMatchObject({ form: 'CONSTANT', value: 'notify.mjs#handler' });
    expect(got.runOptions).toMatchObject({
      retryStrategy: { pushRetryStrategy: 'EXPONENTIAL_DECAY_RETRY', maximumEventAgeInSeconds: 86400 },
      deadLetterQueue: { arn: 'acs:alikafka:local:conflux:topic/embedded/notify-dlq' },
    });
    const definition = (await (await fetch(`http://127.0.0.1:${bench.streams.port}/api/tasks/notify`)).json()) as {
      definition: unknown;
    };
    expect(definition.definition).toMatchObject({
      dialect: 'alibaba',
      retry: { policy: 'EXPONENTIAL_DECAY_RETRY' },
      errors: { tolerance: 'ALL', deadLetter: { type: 'kafka', topic: 'notify-dlq' } },
    });
  });

  it('reads RUNNING_FAILED when ErrorsTolerance NONE stops it; a start delivers the event again', async () => {
    bench = await startAlibabaBench();
    const flag = join(bench.dir, 'refusing');
    await writeFile(flag, '');
    await writeFile(
      join(bench.dir, 'refuse.mjs'),
      `import { existsSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
export async function handler(event) {
  if (existsSync(${JSON.stringify(flag)})) throw new Error('refusing');
  await appendFile(${JSON.stringify(join(bench.dir, 'taken.txt'))}, event.toString() + '\\n');
}
`,
    );
    await bench.client.createEventStreaming(
      new EventBridge.CreateEventStreamingRequest({
        eventStreamingName: 'strict',
        source: kafkaSource('strict-in'),
        sink: new EventBridge.Sink({
          sinkFcParameters: new EventBridge.SinkFcParameters({ functionName: constant('refuse.mjs#handler') }),
        }),
        runOptions: new EventBridge.RunOptions({ errorsTolerance: 'NONE' }),
      }),
    );
    await bench.client.startEventStreaming(new EventBridge.StartEventStreamingRequest(name('strict')));
    await bench.produce('strict-in', [{ n: 1 }]);
    await expect.poll(() => statusOf('strict')).toBe('RUNNING_FAILED');
    expect(await bench.lines('taken.txt')).toEqual([]);
    await rm(flag);
    await bench.client.startEventStreaming(new EventBridge.StartEventStreamingRequest(name('strict')));
    await expect.poll(() => bench.lines('taken.txt')).toHaveLength(1);
    expect(await statusOf('strict')).toBe('RUNNING');
  });

  it('writes at most CountBasedWindow events to the sink at a time', async () => {
    bench = await startAlibabaBench();
    const log = join(bench.dir, 'batches.txt');
    await writeFile(
      join(bench.dir, 'count.mjs'),
      `import { appendFile } from 'node:fs/promises';
export async function handler(event) {
  await appendFile(${JSON.stringify(log)}, JSON.parse(event.toString()).length + '\\n');
}
`,
    );
    await bench.client.createEventStreaming(
      new EventBridge.CreateEventStreamingRequest({
        eventStreamingName: 'windowed',
        source: kafkaSource('windowed-in'),
        sink: new EventBridge.Sink({
          sinkFcParameters: new EventBridge.SinkFcParameters({ functionName: constant('count.mjs#handler') }),
        }),
        runOptions: new EventBridge.RunOptions({
          batchWindow: new EventBridge.BatchWindow({ countBasedWindow: 3, timeBasedWindow: 1 }),
        }),
      }),
    );
    await bench.produce(
      'windowed-in',
      Array.from({ length: 10 }, (_, n) => ({ n })),
      () => 'one-key',
    );
    await bench.client.startEventStreaming(new EventBridge.StartEventStreamingRequest(name('windowed')));
    await expect.poll(async () => (await bench.lines('batches.txt')).map(Number).reduce((a, b) => a + b, 0)).toBe(10);
    expect((await bench.lines('batches.txt')).map(Number)).toEqual([3, 3, 3, 1]);
    const got = await bench.client.getEventStreaming(new EventBridge.GetEventStreamingRequest(name('windowed')));
    expect(got.runOptions.batchWindow).toMatchObject({ countBasedWindow: 3, timeBasedWindow: 1 });
  });

  it('shows the tasks of conflux.yaml as event streams, and streams in the task API', async () => {
    bench = await startAlibabaBench({
      kafkaClusters: { prod: { brokers: ['127.0.0.1:1'] } },
      tasks: [
        {
          name: 'from-yaml',
          source: { type: 'kafka', topic: 'y-in', offset: 'earliest' },
          sink: { type: 'file', path: 'y.jsonl' },
        },
        { name: 'http-in', source: { type: 'http', path: '/hook' }, sink: { type: 'stdout' } },
      ],
    });
    const list = await bench.client.listEventStreamings(new EventBridge.ListEventStreamingsRequest({}));
    expect(
      list.eventStreamings?.map((s: EventBridge.EBEventStreamingEntry) => [s.eventStreamingName, s.status]),
    ).toEqual([
      ['from-yaml', 'RUNNING'],
      ['http-in', 'RUNNING'],
    ]);
    const yaml = await bench.client.getEventStreaming(new EventBridge.GetEventStreamingRequest(name('from-yaml')));
    expect(yaml.source.sourceKafkaParameters).toMatchObject({
      topic: 'y-in',
      offsetReset: 'earliest',
      consumerGroup: 'GID_conflux_from-yaml',
    });
    await bench.client.pauseEventStreaming(new EventBridge.PauseEventStreamingRequest(name('from-yaml')));
    const task = (await (await fetch(`http://127.0.0.1:${bench.streams.port}/api/tasks/from-yaml`)).json()) as {
      state: string;
    };
    expect(task.state).toBe('paused');
  });

  it('keeps a stream made with the SDK across a restart, in the task store, with its state', async () => {
    bench = await startAlibabaBench();
    const { dir } = bench;
    await bench.client.createEventStreaming(
      new EventBridge.CreateEventStreamingRequest({
        eventStreamingName: 'kept',
        description: 'survives',
        source: kafkaSource('kept-in'),
        filterPattern: '{"data":{"value":{"ok":[true]}}}',
        sink: kafkaSink('kept-out', '${id}'),
      }),
    );
    await bench.client.startEventStreaming(new EventBridge.StartEventStreamingRequest(name('kept')));
    await bench.client.pauseEventStreaming(new EventBridge.PauseEventStreamingRequest(name('kept')));
    await bench.close();
    bench = await startAlibabaBench({}, { dir });
    const got = await bench.client.getEventStreaming(new EventBridge.GetEventStreamingRequest(name('kept')));
    expect([got.status, got.description, got.filterPattern]).toEqual([
      'PAUSED',
      'survives',
      '{"data":{"value":{"ok":[true]}}}',
    ]);
    expect(got.sink.sinkKafkaParameters?.value).toMatchObject({ form: 'TEMPLATE', template: '${id}' });
  });
});
