import * as EventBridge from '@alicloud/eventbridge';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AlibabaBench, startAlibabaBench } from '../bus/emulator/alibaba/setup.js';
import { type KafkaMock, startKafkaMock } from '../helpers/kafka-mock.js';

let kafka: KafkaMock;
let bench: AlibabaBench;
beforeAll(async () => {
  kafka = await startKafkaMock();
  bench = await startAlibabaBench({ kafkaClusters: { 'alikafka-mock': { brokers: kafka.brokers } } });
}, 30_000);
afterAll(async () => {
  await bench?.close();
  await kafka?.stop();
});

const constant = (value: string) => new EventBridge.TargetParameter({ form: 'CONSTANT', value });

describe('an event stream between topics of a real Kafka protocol cluster, named by InstanceId', () => {
  it('consumes and produces on the cluster conflux.yaml kafkaClusters maps the InstanceId to', async () => {
    const input = `ali-in-${process.pid}`;
    const output = `ali-out-${process.pid}`;
    const client = new Kafka({ brokers: kafka.brokers, logLevel: logLevel.NOTHING });
    const producer = client.producer();
    await producer.connect();
    await producer.send({
      topic: input,
      messages: [1, 2, 3, 4].map((n) => ({ key: 'k', value: JSON.stringify({ n, even: n % 2 === 0 }) })),
    });
    await producer.disconnect();

    await bench.client.createEventStreaming(
      new EventBridge.CreateEventStreamingRequest({
        eventStreamingName: 'mock-evens',
        source: new EventBridge.Source({
          sourceKafkaParameters: new EventBridge.SourceKafkaParameters({
            InstanceId: 'alikafka-mock',
            topic: input,
            consumerGroup: `GID_${input}`,
            offsetReset: 'earliest',
          }),
        }),
        filterPattern: '{"data":{"value":{"even":[true]}}}',
        sink: new EventBridge.Sink({
          sinkKafkaParameters: new EventBridge.SinkKafkaParameters({
            instanceId: constant('alikafka-mock'),
            topic: constant(output),
            key: new EventBridge.TargetParameter({ form: 'JSONPATH', value: '$.data.key' }), // one key: one partition, in order
            value: new EventBridge.TargetParameter({ form: 'JSONPATH', value: '$.data.value.n' }),
          }),
        }),
      }),
    );
    await bench.client.startEventStreaming(
      new EventBridge.StartEventStreamingRequest({ eventStreamingName: 'mock-evens' }),
    );

    const consumer = client.consumer({ groupId: `check-${output}`, maxWaitTimeInMs: 100 });
    const received: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: output, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void received.push(message.value?.toString() ?? '') });
    try {
      await expect.poll(() => received.length, { timeout: 30_000 }).toBe(2);
    } finally {
      await consumer.disconnect();
    }
    expect(received).toEqual(['2', '4']);
    const got = await bench.client.getEventStreaming(
      new EventBridge.GetEventStreamingRequest({ eventStreamingName: 'mock-evens' }),
    );
    expect(got.source.sourceKafkaParameters?.InstanceId).toBe('alikafka-mock');
    expect(got.sink.sinkKafkaParameters?.instanceId).toMatchObject({ value: 'alikafka-mock' });
  }, 60_000);
});
