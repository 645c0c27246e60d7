import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../../../bus/emulator/alibaba/operations.js';
import { type AlibabaBench, startAlibabaBench } from './setup.js';

let bench: AlibabaBench;
beforeAll(async () => {
  bench = await startAlibabaBench();
});
afterAll(async () => {
  await bench.close();
});

const post = (action: string, body: string, contentType = 'application/json') =>
  fetch(`http://127.0.0.1:${bench.streams.port}/openapi/v2/${action.charAt(0).toLowerCase()}${action.slice(1)}`, {
    method: 'POST',
    headers: { authorization: 'acs:id:c2ln', 'content-type': contentType },
    body,
  });

/** Values shaped like requests: the API's field names, with any JSON under them. */
const requestLike = fc.dictionary(
  fc.constantFrom(
    'EventStreamingName',
    'Source',
    'Sink',
    'FilterPattern',
    'RunOptions',
    'Limit',
    'NextToken',
    'EventBusName',
    'RuleName',
    'Targets',
    'Event',
    'EventPattern',
    'TargetIds',
    'EventStreamingNames',
    'Events',
  ),
  fc.jsonValue(),
);

describe('no request crashes the Alibaba API', () => {
  it('answers any JSON body to any operation with 200 or an Alibaba error, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(OPERATIONS)),
        fc.oneof(fc.jsonValue(), requestLike),
        async (action, body) => {
          const response = await post(action, JSON.stringify(body));
          const answer = (await response.json()) as { Code?: string; Success?: boolean };
          expect(response.status).toBeLessThan(500);
          if (response.status !== 200) expect(answer).toMatchObject({ Code: expect.any(String), Success: false });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('answers RPC calls with any parameters the same way', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(OPERATIONS)),
        fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 20 })),
        async (action, params) => {
          const query = new URLSearchParams({
            ...params,
            Action: action,
            Version: '2020-04-01',
            AccessKeyId: 'id',
            Signature: 's',
          });
          const response = await fetch(`http://127.0.0.1:${bench.streams.port}/?${query}`);
          expect(response.status).toBeLessThan(500);
          await response.arrayBuffer();
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps buses for at most 64 regions', async () => {
    const inRegion = (region: string) =>
      fetch(`http://127.0.0.1:${bench.streams.port}/openapi/listEventBuses`, {
        method: 'POST',
        headers: { authorization: 'acs:id:c2ln', 'content-type': 'application/json', 'x-eventbridge-regionid': region },
        body: '{}',
      });
    for (let i = 0; i < 63; i++) expect((await inRegion(`r${i}`)).status).toBe(200); // 'local' is the 64th
    const refused = await inRegion('one-too-many');
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      Code: 'InvalidArgument',
      Message: expect.stringMatching(/^RegionId: /),
    });
    expect((await inRegion('r0')).status).toBe(200);
  });
});
