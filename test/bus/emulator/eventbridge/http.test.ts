import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AMZ_JSON_11 } from '../../../../bus/emulator/eventbridge/http.js';
import { type EventBridgeBench, startBench } from './setup.js';

let bench: EventBridgeBench;
beforeAll(async () => {
  bench = await startBench();
});
afterAll(async () => {
  await bench.close();
});

async function call(target: string | undefined, body: string) {
  const response = await fetch(`http://127.0.0.1:${bench.streams.port}/`, {
    method: 'POST',
    headers: { 'content-type': AMZ_JSON_11, ...(target === undefined ? {} : { 'x-amz-target': target }) },
    body,
  });
  const answer = (await response.json()) as { __type?: string; message?: string; EventBuses?: { Arn: string }[] };
  return { status: response.status, type: response.headers.get('content-type'), body: answer };
}

describe('the EventBridge wire protocol (POST /, JSON 1.1)', () => {
  it('answers in JSON 1.1; without a SigV4 signature the region is us-east-1', async () => {
    const answer = await call('AWSEvents.ListEventBuses', '{}');
    expect(answer).toMatchObject({ status: 200, type: AMZ_JSON_11 });
    expect(answer.body.EventBuses?.[0]?.Arn).toBe('arn:aws:events:us-east-1:000000000000:event-bus/default');
  });

  it('answers an unknown operation, or none, with 400 UnknownOperationException', async () => {
    expect(await call('AWSEvents.CreateArchive', '{}')).toMatchObject({
      status: 400,
      type: AMZ_JSON_11,
      body: { __type: 'UnknownOperationException', message: expect.stringContaining('AWSEvents.CreateArchive') },
    });
    expect((await call('AWSEvents.toString', '{}')).body.__type).toBe('UnknownOperationException');
    expect((await call(undefined, '{}')).body.__type).toBe('UnknownOperationException');
  });

  it('answers a body that is not a JSON object with 400 SerializationException', async () => {
    expect(await call('AWSEvents.ListRules', '{"Name":')).toMatchObject({
      status: 400,
      body: { __type: 'SerializationException' },
    });
    expect((await call('AWSEvents.ListRules', '[1]')).body.__type).toBe('SerializationException');
    expect((await call('AWSEvents.PutRule', '{"Name":5,"EventPattern":"{}"}')).body).toEqual({
      __type: 'SerializationException',
      message: "Expected a string at 'name'.",
    });
  });
});
