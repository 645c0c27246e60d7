import * as EventBridge from '@alicloud/eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AlibabaBench, sdkError, startAlibabaBench } from './setup.js';

let bench: AlibabaBench;
beforeAll(async () => {
  bench = await startAlibabaBench({ kafkaClusters: { prod: { brokers: ['127.0.0.1:1'] } } });
  await bench.client.createEventStreaming(request({ eventStreamingName: 'taken' }));
});
afterAll(async () => {
  await bench.close();
});

/** A valid CreateEventStreaming request (Kafka → Kafka, embedded bus); tests override one field. */
function request(extra: Record<string, unknown>) {
  return new EventBridge.CreateEventStreamingRequest({
    eventStreamingName: 'a-stream',
    source: { sourceKafkaParameters: { topic: 'errors-in', consumerGroup: 'GID_errors' } },
    filterPattern: '',
    sink: { sinkKafkaParameters: { topic: { form: 'CONSTANT', value: 'errors-out' } } },
    ...extra,
  });
}

const refusal = async (call: Promise<unknown>) => {
  const error = await sdkError(call);
  return [error.code, error.data.Message];
};
const create = (extra: Record<string, unknown>) => refusal(bench.client.createEventStreaming(request(extra)));
const kafkaValue = (value: Record<string, string>) => ({
  sinkKafkaParameters: { topic: { form: 'CONSTANT', value: 'out' }, value },
});
const named = (eventStreamingName: string) => ({ eventStreamingName });

describe('CreateEventStreaming refusals, each naming the field', () => {
  it.each([
    ['no name', { eventStreamingName: undefined }, 'EventStreamingName: required'],
    [
      'a name conflux cannot take',
      { eventStreamingName: 'a_b' },
      /^EventStreamingName: must start with a letter or digit/,
    ],
    [
      'a name over 127 characters',
      { eventStreamingName: 'a'.repeat(128) },
      'EventStreamingName: must be at most 127 characters (got 128)',
    ],
    ['no source', { source: undefined }, 'Source: required'],
    [
      'an unsupported source',
      { source: { sourceMNSParameters: { queueName: 'q' } } },
      /^Source\.SourceMNSParameters: this source is not supported by conflux; supported: SourceKafkaParameters/,
    ],
    [
      'two sources',
      {
        source: {
          sourceKafkaParameters: { topic: 't', consumerGroup: 'g' },
          sourceMQTTParameters: { instanceId: 'i', topic: 't' },
        },
      },
      "Source: must hold exactly one source's parameters (got SourceKafkaParameters, SourceMQTTParameters)",
    ],
    [
      'a Kafka source without a topic',
      { source: { sourceKafkaParameters: { consumerGroup: 'g' } } },
      'Source.SourceKafkaParameters.Topic: required',
    ],
    [
      'an unknown Kafka InstanceId',
      { source: { sourceKafkaParameters: { InstanceId: 'nope', topic: 't', consumerGroup: 'g' } } },
      /^Source\.SourceKafkaParameters\.InstanceId: no Kafka cluster "nope" in conflux\.yaml kafkaClusters \(known: prod;/,
    ],
    [
      'an offset Kafka does not know',
      { source: { sourceKafkaParameters: { topic: 't', consumerGroup: 'g', offsetReset: 'middle' } } },
      /^Source\.SourceKafkaParameters\.OffsetReset: must be one of earliest, latest/,
    ],
    [
      'an unsupported sink',
      { sink: { sinkMNSParameters: { QueueName: { form: 'CONSTANT', value: 'q' } } } },
      /^Sink\.SinkMNSParameters: this sink is not supported by conflux/,
    ],
    [
      'a Kafka topic that is not a constant',
      { sink: { sinkKafkaParameters: { topic: { form: 'JSONPATH', value: '$.data' } } } },
      'Sink.SinkKafkaParameters.Topic.Form: must be CONSTANT here (got "JSONPATH")',
    ],
    [
      'a form Alibaba lacks',
      { sink: kafkaValue({ form: 'JSONATA', value: 'x' }) },
      'Sink.SinkKafkaParameters.Value.Form: must be one of ORIGINAL, JSONPATH, CONSTANT, TEMPLATE (got "JSONATA")',
    ],
    [
      'TEMPLATE variables that are not JSON',
      { sink: kafkaValue({ form: 'TEMPLATE', value: 'id', template: '${id}' }) },
      /^Sink\.SinkKafkaParameters\.Value\.Value: must be the JSON text of an object of variables/,
    ],
    [
      'a template over 10,240 characters',
      { sink: kafkaValue({ form: 'TEMPLATE', value: '{}', template: 'x'.repeat(10_241) }) },
      /^Sink\.SinkKafkaParameters\.Value\.Template: /,
    ],
    [
      'a TEMPLATE value over 1,024 characters',
      { sink: kafkaValue({ form: 'TEMPLATE', value: JSON.stringify({ v: 'x'.repeat(1025) }), template: '${v}' }) },
      /^Sink\.SinkKafkaParameters\.Value\.Value\.v: /,
    ],
    [
      'an undeclared template variable',
      { sink: kafkaValue({ form: 'TEMPLATE', value: '{}', template: '${nope}' }) },
      /^Sink\.SinkKafkaParameters\.Value\.Template: /,
    ],
    [
      'a FilterPattern that is not JSON',
      { filterPattern: '{nope' },
      /^FilterPattern: must be the JSON text of an event pattern/,
    ],
    [
      'a pattern the alibaba dialect refuses (empty prefix)',
      { filterPattern: '{"source":[{"prefix":""}]}' },
      /^FilterPattern\.source/,
    ],
    [
      'MaximumTasks over 32',
      { runOptions: { maximumTasks: 33 } },
      'RunOptions.MaximumTasks: must be an integer from 1 to 32 (got 33)',
    ],
    [
      'an unknown retry strategy',
      { runOptions: { retryStrategy: { pushRetryStrategy: 'SOMETIMES' } } },
      /^RunOptions\.RetryStrategy\.PushRetryStrategy: must be one of BACKOFF_RETRY, EXPONENTIAL_DECAY_RETRY/,
    ],
    [
      'retries conflux does not make',
      { runOptions: { retryStrategy: { pushRetryStrategy: 'BACKOFF_RETRY', maximumRetryAttempts: 5 } } },
      'RunOptions.RetryStrategy.MaximumRetryAttempts: BACKOFF_RETRY in conflux is fixed at MaximumRetryAttempts 3 (got MaximumRetryAttempts 5)',
    ],
    [
      'an unknown tolerance',
      { runOptions: { errorsTolerance: 'SOME' } },
      /^RunOptions\.ErrorsTolerance: must be one of ALL, NONE/,
    ],
    [
      'a dead-letter queue that is not a Kafka topic',
      { runOptions: { deadLetterQueue: { arn: 'acs:mns:cn-hangzhou:1:/queues/q' } } },
      /^RunOptions\.DeadLetterQueue\.Arn: must be a Kafka topic/,
    ],
    [
      'a batch window over 10,000 events',
      { runOptions: { batchWindow: { countBasedWindow: 10_001 } } },
      'RunOptions.BatchWindow.CountBasedWindow: must be an integer from 1 to 10000 (got 10001)',
    ],
    [
      'a handler that is not path#export',
      { sink: { sinkFcParameters: { functionName: { form: 'CONSTANT', value: 'notify' } } } },
      /^Sink\.SinkFcParameters\.FunctionName: must be "path\/file\.mjs#export"/,
    ],
  ])('%s', async (_case, extra, message) => {
    const [code, text] = await create(extra);
    expect(code).toBe('InvalidArgument');
    expect(text).toMatch(
      typeof message === 'string' ? new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : message,
    );
  });

  it('a name that exists: EventStreamingAlreadyExisted', async () => {
    expect(await create({ eventStreamingName: 'taken' })).toEqual([
      'EventStreamingAlreadyExisted',
      'The event streaming [taken] already existed!',
    ]);
  });
});

describe('refusals of the other operations', () => {
  it.each([
    [
      'GetEventStreaming',
      () => bench.client.getEventStreaming(new EventBridge.GetEventStreamingRequest(named('ghost'))),
    ],
    [
      'StartEventStreaming',
      () => bench.client.startEventStreaming(new EventBridge.StartEventStreamingRequest(named('ghost'))),
    ],
    [
      'PauseEventStreaming',
      () => bench.client.pauseEventStreaming(new EventBridge.PauseEventStreamingRequest(named('ghost'))),
    ],
    [
      'DeleteEventStreaming',
      () => bench.client.deleteEventStreaming(new EventBridge.DeleteEventStreamingRequest(named('ghost'))),
    ],
    [
      'UpdateEventStreaming',
      () => bench.client.updateEventStreaming(new EventBridge.UpdateEventStreamingRequest(named('ghost'))),
    ],
    [
      'ListEventStreamingMetrics',
      () =>
        bench.client.listEventStreamingMetrics(
          new EventBridge.ListEventStreamingMetricsRequest({ eventStreamingNames: ['taken', 'ghost'] }),
        ),
    ],
  ])('%s of a stream nobody created: EventStreamingNotExisted', async (_op, call) => {
    expect(await refusal(call())).toEqual(['EventStreamingNotExisted', 'The event streaming [ghost] not existed!']);
  });

  it('UpdateEventStreaming cannot change the source or sink type, and checks what it is given', async () => {
    const update = (extra: Record<string, unknown>) =>
      refusal(
        bench.client.updateEventStreaming(
          new EventBridge.UpdateEventStreamingRequest({ eventStreamingName: 'taken', ...extra }),
        ),
      );
    expect(await update({ Source: { sourceMQTTParameters: { instanceId: 'i', topic: 't' } } })).toEqual([
      'InvalidArgument',
      'Source: cannot change from kafka to mqtt (delete the task first)',
    ]);
    expect(await update({ runOptions: { maximumTasks: 0 } })).toEqual([
      'InvalidArgument',
      'RunOptions.MaximumTasks: must be an integer from 1 to 32 (got 0)',
    ]);
  });

  it('ListEventStreamings: Limit 1 to 100, and a NextToken a page gave', async () => {
    const list = (extra: Record<string, unknown>) =>
      refusal(bench.client.listEventStreamings(new EventBridge.ListEventStreamingsRequest(extra)));
    expect((await list({ limit: 0 }))[0]).toBe('LimitSizeInvalid');
    expect((await list({ limit: 101 }))[0]).toBe('LimitSizeInvalid');
    expect((await list({ nextToken: 'abc' }))[0]).toBe('NextTokenInvalid');
    expect((await list({ nextToken: '99' }))[0]).toBe('NextTokenInvalid');
  });

  it('answers an unknown operation and a body that is not JSON in the same shape, with the HTTP status', async () => {
    const post = (path: string, body: string) =>
      fetch(`http://127.0.0.1:${bench.streams.port}${path}`, {
        method: 'POST',
        headers: { authorization: 'acs:id:signature', 'content-type': 'application/json' },
        body,
      });
    const unknown = await post('/openapi/v2/frobnicate', '{}');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({
      Code: 'InvalidAction.NotFound',
      Success: false,
      RequestId: expect.any(String),
    });
    const notJson = await post('/openapi/v2/getEventStreaming', '{nope');
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ Code: 'InvalidArgument', Success: false });
    const missing = await post('/openapi/v2/getEventStreaming', '{"EventStreamingName":"ghost"}');
    expect(missing.status).toBe(409);
  });
});

describe('the quota', () => {
  it('takes 20 event streams and refuses the 21st with EventStreamingCountExceedLimit', async () => {
    const own = await startAlibabaBench();
    try {
      for (let i = 0; i < 20; i++) await own.client.createEventStreaming(request({ eventStreamingName: `q${i}` }));
      expect(await refusal(own.client.createEventStreaming(request({ eventStreamingName: 'q20' })))).toEqual([
        'EventStreamingCountExceedLimit',
        'The current count of event streaming is [20], which will exceed the limit quota [20]',
      ]);
    } finally {
      await own.close();
    }
  });
});
