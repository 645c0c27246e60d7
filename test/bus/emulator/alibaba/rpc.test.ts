import RPCClient from '@alicloud/pop-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AlibabaBench, startAlibabaBench } from './setup.js';

let bench: AlibabaBench;
let client: RPCClient;
beforeAll(async () => {
  bench = await startAlibabaBench();
  client = new RPCClient({
    accessKeyId: 'id',
    accessKeySecret: 'secret',
    endpoint: `http://127.0.0.1:${bench.streams.port}`,
    apiVersion: '2020-04-01',
  });
});
afterAll(async () => {
  await bench.close();
});

type Answer = { Code: string; Success: boolean; RequestId: string; Data: Record<string, unknown> };
const call = (action: string, params: Record<string, unknown>, method: 'GET' | 'POST' = 'POST') =>
  client.request<Answer>(action, params, { method });

describe('the 2020-04-01 RPC style (@alicloud/pop-core), on the same operations and tasks', () => {
  it('creates (objects as JSON text, as Terraform sends them), gets, starts, measures, lists, pauses and deletes', async () => {
    const created = await call('CreateEventStreaming', {
      EventStreamingName: 'rpc-stream',
      Source: JSON.stringify({
        SourceKafkaParameters: { Topic: 'rpc-in', ConsumerGroup: 'GID_rpc', OffsetReset: 'earliest' },
      }),
      FilterPattern: '{"data":{"value":{"ok":[true]}}}',
      Sink: JSON.stringify({
        SinkKafkaParameters: {
          Topic: { Form: 'CONSTANT', Value: 'rpc-out' },
          Value: { Form: 'JSONPATH', Value: '$.data.value.n' },
        },
      }),
      RunOptions: JSON.stringify({ MaximumTasks: 2, BatchWindow: { CountBasedWindow: 100, TimeBasedWindow: 3 } }),
    });
    expect(created).toMatchObject({
      Code: 'Success',
      Success: true,
      Data: { EventStreamingARN: 'acs:eventbridge:local:000000000000:eventstreaming/rpc-stream' },
    });
    expect((await call('GetEventStreaming', { EventStreamingName: 'rpc-stream' }, 'GET')).Data).toMatchObject({
      Status: 'READY',
      RunOptions: { MaximumTasks: 2, BatchWindow: { CountBasedWindow: 100, TimeBasedWindow: 3 } },
    });
    expect(await call('StartEventStreaming', { EventStreamingName: 'rpc-stream' })).toMatchObject({
      Code: 'Success',
      Data: true,
    });
    await bench.produce('rpc-in', [
      { n: 1, ok: true },
      { n: 2, ok: false },
      { n: 3, ok: true },
    ]);
    expect((await bench.topicWhen('rpc-out', 2)).sort()).toEqual(['1', '3']);
    const metrics = await call('ListEventStreamingMetrics', { EventStreamingNames: ['rpc-stream'] }, 'GET');
    expect(metrics.Data).toMatchObject({ EventStreamingMetrics: [{ Name: 'rpc-stream', Status: 'RUNNING' }] });
    expect((await call('ListEventStreamings', { NamePrefix: 'rpc-', Limit: 10 })).Data).toMatchObject({ Total: 1 });
    await call('PauseEventStreaming', { EventStreamingName: 'rpc-stream' });
    expect((await call('GetEventStreaming', { EventStreamingName: 'rpc-stream' })).Data).toMatchObject({
      Status: 'PAUSED',
    });
    await call('DeleteEventStreaming', { EventStreamingName: 'rpc-stream' });
    await expect(call('GetEventStreaming', { EventStreamingName: 'rpc-stream' })).rejects.toMatchObject({
      code: 'EventStreamingNotExisted',
      data: {
        Code: 'EventStreamingNotExisted',
        Message: 'The event streaming [rpc-stream] not existed!',
        Success: false,
      },
    });
  });

  it('takes nested parameters flat too (Source.SourceKafkaParameters.Topic=…)', async () => {
    await call('CreateEventStreaming', {
      EventStreamingName: 'rpc-flat',
      'Source.SourceKafkaParameters.Topic': 'flat-in',
      'Sink.SinkKafkaParameters.Topic.Form': 'CONSTANT',
      'Sink.SinkKafkaParameters.Topic.Value': 'flat-out',
    });
    expect((await call('GetEventStreaming', { EventStreamingName: 'rpc-flat' })).Data).toMatchObject({
      Source: { SourceKafkaParameters: { Topic: 'flat-in' } },
      Sink: { SinkKafkaParameters: { Topic: { Form: 'CONSTANT', Value: 'flat-out' } } },
    });
  });

  it('refuses an unknown Action and another Version', async () => {
    await expect(call('Frobnicate', {})).rejects.toMatchObject({ code: 'InvalidAction.NotFound' });
    const other = new RPCClient({
      accessKeyId: 'id',
      accessKeySecret: 's',
      endpoint: `http://127.0.0.1:${bench.streams.port}`,
      apiVersion: '2015-06-06',
    });
    await expect(other.request('ListEventStreamings', {})).rejects.toMatchObject({
      code: 'InvalidArgument',
      message: expect.stringMatching(/^Version: must be 2020-04-01/),
    });
  });
});
