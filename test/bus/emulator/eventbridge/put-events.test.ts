import { CreateEventBusCommand, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_ENTRIES_BYTES } from '../../../../bus/emulator/eventbridge/put-events.js';
import { type EventBridgeBench, expectAwsError, startBench } from './setup.js';

let bench: EventBridgeBench;
beforeEach(async () => {
  bench = await startBench();
});
afterEach(async () => {
  await bench.close();
});

const entry = (extra: Partial<PutEventsRequestEntry> = {}): PutEventsRequestEntry => ({
  Source: 'shop',
  DetailType: 'Order Paid',
  Detail: '{"id":1}',
  ...extra,
});
const put = (entries: PutEventsRequestEntry[]) => bench.client.send(new PutEventsCommand({ Entries: entries }));

describe('PutEvents', () => {
  it('answers an EventId per accepted entry', async () => {
    const answer = await put([entry(), entry({ Resources: ['arn:aws:s3:::bucket'], Time: new Date('2026-01-01Z') })]);
    expect(answer.FailedEntryCount).toBe(0);
    expect(answer.Entries).toHaveLength(2);
    for (const result of answer.Entries!) expect(result.EventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.Entries![0]!.EventId).not.toBe(answer.Entries![1]!.EventId);
  });

  it('fails bad entries one by one, in Entries[i] with FailedEntryCount, and takes the rest', async () => {
    await bench.client.send(new CreateEventBusCommand({ Name: 'orders' }));
    const answer = await put([
      entry({ Source: undefined }),
      entry({ DetailType: undefined }),
      entry({ Detail: undefined }),
      entry({ Detail: '{not json' }),
      entry({ Detail: '[1,2]' }),
      entry({ EventBusName: 'nope' }),
      entry({ EventBusName: 'orders' }),
      entry({ EventBusName: 'arn:aws:events:us-east-1:000000000000:event-bus/orders' }),
    ]);
    expect(answer.FailedEntryCount).toBe(5);
    expect(answer.Entries!.slice(0, 5)).toEqual([
      {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.',
      },
      {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameter DetailType is not valid. Reason: DetailType is a required argument.',
      },
      {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameter Detail is not valid. Reason: Detail is a required argument.',
      },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
    ]);
    // AWS accepts an entry naming a bus that does not exist (LocalStack's AWS-validated
    // snapshot test_put_events_nonexistent_event_bus): an EventId, and the event goes nowhere
    expect(answer.Entries![5]!.EventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.Entries![6]!.EventId).toBeDefined();
    expect(answer.Entries![7]!.EventId).toBeDefined();
  });

  it('takes 1 to 10 entries', async () => {
    await expectAwsError(
      put([]),
      'ValidationException',
      "1 validation error detected: Value '[]' at 'entries' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    await expectAwsError(
      put(Array.from({ length: 11 }, () => entry())),
      'ValidationException',
      /^1 validation error detected: Value '\[.*\]' at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10$/,
    );
    expect((await put(Array.from({ length: 10 }, () => entry()))).FailedEntryCount).toBe(0);
  });

  it('takes entries totalling 256 KiB, counted as AWS counts them, and refuses one byte more', async () => {
    // Source + DetailType + Detail + resources, plus 14 bytes for a Time; Detail carries a 3-byte character.
    const fixed = 'shop'.length + 'T'.length + '{"p":""}'.length + 'arn:x'.length + 14 + 3;
    const detail = (pad: number) => `{"p":"€${'x'.repeat(pad)}"}`;
    const sized = (pad: number) =>
      entry({ DetailType: 'T', Detail: detail(pad), Resources: ['arn:x'], Time: new Date() });
    const fits = MAX_ENTRIES_BYTES - fixed;
    expect((await put([sized(fits)])).FailedEntryCount).toBe(0);
    await expectAwsError(
      put([sized(fits + 1)]),
      'ValidationException',
      'Total size of the entries in the request is over the limit.',
    );
    const half = Math.floor(fits / 2);
    await expectAwsError(
      put([sized(half), sized(half + 50)]),
      'ValidationException',
      'Total size of the entries in the request is over the limit.',
    );
  });
});
