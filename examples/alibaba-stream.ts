// An event stream made with Alibaba Cloud's own SDK against `conflux run` (README: "Alibaba Cloud EventBridge API").
// Run: npx conflux run examples/conflux.yaml, then: npx tsx examples/alibaba-stream.ts
import EventBridge from '@alicloud/eventbridge';

const { default: Client, Config, CreateEventStreamingRequest, StartEventStreamingRequest } = EventBridge;
const { GetEventStreamingRequest, Source, SourceKafkaParameters, Sink, SinkKafkaParameters, TargetParameter } =
  EventBridge;

const client = new Client(
  new Config({
    accessKeyId: 'test', // any pair works unless conflux run is given --alibaba-credentials
    accessKeySecret: 'test',
    endpoint: process.env.CONFLUX_ALIBABA_ENDPOINT ?? '127.0.0.1:4010',
    protocol: 'http',
  }),
);

await client.createEventStreaming(
  new CreateEventStreamingRequest({
    eventStreamingName: 'paid-orders',
    source: new Source({
      // no InstanceId: the embedded bus (or name a cluster of conflux.yaml's kafkaClusters)
      sourceKafkaParameters: new SourceKafkaParameters({
        topic: 'orders',
        consumerGroup: 'GID_paid',
        offsetReset: 'earliest',
      }),
    }),
    filterPattern: '{"data":{"value":{"status":["paid"]}}}',
    sink: new Sink({
      sinkKafkaParameters: new SinkKafkaParameters({
        topic: new TargetParameter({ form: 'CONSTANT', value: 'paid-orders' }),
        value: new TargetParameter({
          form: 'TEMPLATE',
          value: '{"id":"$.data.value.id"}',
          template: 'order ${id} is paid',
        }),
      }),
    }),
  }),
);
await client.startEventStreaming(new StartEventStreamingRequest({ eventStreamingName: 'paid-orders' }));
const stream = await client.getEventStreaming(new GetEventStreamingRequest({ eventStreamingName: 'paid-orders' }));
console.log(stream.eventStreamingName, stream.status); // paid-orders RUNNING
