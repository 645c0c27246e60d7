import { describe, expect, it } from 'vitest';
import { Params } from '../../../../bus/emulator/alibaba/params.js';
import { alibabaIssue } from '../../../../bus/emulator/alibaba/stream-paths.js';
import { fromTask, toTask } from '../../../../bus/emulator/alibaba/stream-task.js';
import { validateTask } from '../../../../infra/config/index.js';

const clusters = { prod: { brokers: ['10.0.0.1:9092'] } };
const kafkaSink = { SinkKafkaParameters: { Topic: { Form: 'CONSTANT', Value: 'out' } } };
const kafkaSource = { SourceKafkaParameters: { Topic: 'in', ConsumerGroup: 'g', OffsetReset: 'earliest' } };

/** A stream → the task conflux runs (checked by conflux.yaml's rules) → the stream GetEventStreaming shows. */
function roundTrip(stream: Record<string, unknown>) {
  const { task } = toTask(new Params({ EventStreamingName: 's', FilterPattern: '', ...stream }), clusters);
  const checked = validateTask(task, { dialect: 'alibaba' });
  if (!checked.ok) throw new Error(JSON.stringify(checked.issues));
  return { task, stream: fromTask(checked.value as unknown as Record<string, unknown>, clusters) };
}

describe('event stream ↔ task', () => {
  it('maps RabbitMQ and MQTT sources to the local brokers, the vhost in the URL', () => {
    const rabbit = roundTrip({
      Source: { SourceRabbitMQParameters: { InstanceId: 'i', VirtualHostName: 'shop', QueueName: 'orders' } },
      Sink: kafkaSink,
    });
    expect(rabbit.task.source).toEqual({ type: 'rabbitmq', url: 'amqp://127.0.0.1:5672/shop', queue: 'orders' });
    expect(rabbit.stream.Source).toEqual({
      SourceRabbitMQParameters: { VirtualHostName: 'shop', QueueName: 'orders' },
    });
    const mqtt = roundTrip({
      Source: { SourceMQTTParameters: { InstanceId: 'i', Topic: 'devices/+' } },
      Sink: kafkaSink,
    });
    expect(mqtt.task.source).toEqual({ type: 'mqtt', topic: 'devices/+' });
    expect(mqtt.stream.Source).toEqual({ SourceMQTTParameters: { Topic: 'devices/+' } });
  });

  it('maps RabbitMQ sinks to a queue (default exchange) or an exchange with a routing key', () => {
    const queue = roundTrip({
      Source: kafkaSource,
      Sink: {
        SinkRabbitMQParameters: {
          TargetType: { Form: 'CONSTANT', Value: 'Queue' },
          QueueName: { Form: 'CONSTANT', Value: 'q' },
          Body: { Form: 'JSONPATH', Value: '$.data' },
        },
      },
    });
    expect(queue.task).toMatchObject({
      sink: { type: 'rabbitmq', exchange: '', routingKey: { form: 'CONSTANT', value: 'q' } },
      transform: { form: 'JSONPATH', value: '$.data' },
    });
    expect(queue.stream.Sink).toEqual({
      SinkRabbitMQParameters: {
        VirtualHostName: { Form: 'CONSTANT', Value: '/' },
        TargetType: { Form: 'CONSTANT', Value: 'Queue' },
        QueueName: { Form: 'CONSTANT', Value: 'q' },
        Body: { Form: 'JSONPATH', Value: '$.data' },
      },
    });
    const exchange = roundTrip({
      Source: kafkaSource,
      Sink: {
        SinkRabbitMQParameters: {
          Exchange: { Form: 'CONSTANT', Value: 'orders' },
          RoutingKey: { Form: 'JSONPATH', Value: '$.data.value.region' },
        },
      },
    });
    expect(exchange.task.sink).toEqual({
      type: 'rabbitmq',
      url: 'amqp://127.0.0.1:5672',
      exchange: 'orders',
      routingKey: { form: 'JSONPATH', value: '$.data.value.region' },
    });
  });

  it("carries conflux's own sources, sinks and dead-letter targets under its extension keys", () => {
    const own = roundTrip({
      Source: { SourceConfluxParameters: { type: 'http', path: '/hook' } },
      Sink: {
        SinkConfluxParameters: {
          Sink: { type: 'file', path: 'out.jsonl' },
          Transform: { form: 'JSONATA', expression: 'data' },
        },
      },
      RunOptions: {
        DeadLetterQueue: { ConfluxSink: { type: 'file', path: 'dlq.jsonl' } },
        BatchWindow: { CountBasedWindow: 10 },
      },
    });
    expect(own.task).toMatchObject({
      source: { type: 'http', path: '/hook' },
      sink: { type: 'file', path: 'out.jsonl' },
      transform: { form: 'JSONATA', expression: 'data' },
      errors: { deadLetter: { type: 'file', path: 'dlq.jsonl' } },
      batch: { count: 10 },
    });
    expect(own.stream).toMatchObject({
      Source: { SourceConfluxParameters: { type: 'http', path: '/hook' } },
      Sink: {
        SinkConfluxParameters: {
          Sink: { type: 'file', path: 'out.jsonl' },
          Transform: { form: 'JSONATA', expression: 'data' },
        },
      },
      RunOptions: {
        DeadLetterQueue: { ConfluxSink: { type: 'file', path: 'dlq.jsonl' } },
        BatchWindow: { CountBasedWindow: 10 },
      },
    });
  });

  it('names Kafka clusters by InstanceId both ways, and a dead-letter topic by its ARN', () => {
    const { task, stream } = roundTrip({
      Source: { SourceKafkaParameters: { InstanceId: 'prod', Topic: 'in', ConsumerGroup: 'g' } },
      Sink: {
        SinkKafkaParameters: {
          InstanceId: { Form: 'CONSTANT', Value: 'embedded' },
          Topic: { Form: 'CONSTANT', Value: 'out' },
          Acks: { Form: 'CONSTANT', Value: '1' },
        },
      },
      RunOptions: { DeadLetterQueue: { Arn: 'acs:alikafka:cn-hangzhou:1:topic/prod/dlq' } },
    });
    expect(task).toMatchObject({
      source: { brokers: ['10.0.0.1:9092'] },
      sink: { type: 'kafka', topic: 'out', acks: 1 },
      errors: { deadLetter: { type: 'kafka', topic: 'dlq', brokers: ['10.0.0.1:9092'] } },
    });
    expect((task.sink as Record<string, unknown>).brokers).toBeUndefined();
    expect(stream).toMatchObject({
      Source: { SourceKafkaParameters: { InstanceId: 'prod' } },
      Sink: { SinkKafkaParameters: { Acks: { Form: 'CONSTANT', Value: '1' } } },
      RunOptions: { DeadLetterQueue: { Arn: 'acs:alikafka:local:conflux:topic/prod/dlq' } },
    });
  });
});

describe('refusals in the request’s own field names', () => {
  it('points a bad conflux sink inside SinkConfluxParameters at its own field', () => {
    const { paths } = toTask(
      new Params({
        EventStreamingName: 's',
        Source: { SourceConfluxParameters: { type: 'nope' } },
        Sink: { SinkConfluxParameters: { Sink: { type: 'file' } } },
      }),
      clusters,
    );
    expect(alibabaIssue({ path: ['sink', 'type'], message: 'm' }, paths)).toBe(
      'Sink.SinkConfluxParameters.Sink.type: m',
    );
    expect(alibabaIssue({ path: ['sink', 'path'], message: 'm' }, paths)).toBe(
      'Sink.SinkConfluxParameters.Sink.path: m',
    );
    expect(alibabaIssue({ path: ['source', 'type'], message: 'm' }, paths)).toBe(
      'Source.SourceConfluxParameters.type: m',
    );
  });

  it('refuses Transforms (its steps are not mapped) rather than drop them', () => {
    expect(() =>
      toTask(
        new Params({
          EventStreamingName: 's',
          Source: { SourceKafkaParameters: { Topic: 't' } },
          Sink: kafkaSink,
          Transforms: [{ Arn: 'acs:fc:…' }],
        }),
        clusters,
      ),
    ).toThrow(/^Transforms: not supported by conflux/);
  });
});
