import { describe, expect, it } from 'vitest';
import { classifyError } from '../../../../bus/delivery/errors.js';
import { chunks, encode, entrySize, failedEntriesError } from '../../../../functions/sinks/eventbridge/encode.js';
import { conformanceMessage } from '../../../helpers/sink-conformance.js';

const options = { eventBusName: 'orders', source: 'shop', detailType: 'OrderPaid' };
const withPayload = (payload: string) => ({ ...conformanceMessage(0), payload });

describe('eventbridge encode', () => {
  it('one entry: bus, Source, DetailType from the config, Detail = the payload as is', () => {
    const message = conformanceMessage(4);
    expect(encode(message, options)).toEqual({
      EventBusName: 'orders',
      Source: 'shop',
      DetailType: 'OrderPaid',
      Detail: message.payload,
    });
    expect(encode(withPayload(' {"a":1} '), options).Detail).toBe(' {"a":1} ');
  });

  it.each(['42', '[{"a":1}]', 'null', '"text"', 'text', '{broken', ''])('Detail %j is a permanent error', (payload) => {
    let error: unknown;
    try {
      encode(withPayload(payload), options);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'sink.eventbridge.detail', retriable: false });
    expect(classifyError(error).verdict).toBe('dead-letter');
  });

  it('an entry over 256 KiB is a permanent error', () => {
    const big = withPayload(JSON.stringify({ a: 'x'.repeat(256 * 1024) }));
    expect(() => encode(big, options)).toThrow(expect.objectContaining({ code: 'sink.eventbridge.size' }));
  });

  it('chunks: at most 10 entries and 256 KiB a call, order kept', () => {
    const entries = Array.from({ length: 25 }, (_, i) => encode(withPayload(`{"i":${i}}`), options));
    const split = chunks(entries);
    expect(split.map((c) => c.length)).toEqual([10, 10, 5]);
    expect(split.flat()).toEqual(entries);
    const large = Array.from({ length: 4 }, () =>
      encode(withPayload(JSON.stringify({ a: 'y'.repeat(100_000) })), options),
    );
    expect(chunks(large).map((c) => c.length)).toEqual([2, 2]);
    expect(entrySize(large[0]!)).toBe(4 + 9 + large[0]!.Detail!.length);
    expect(chunks([])).toEqual([]);
  });

  it.each([
    [['ThrottlingException'], 'retry'],
    [['InternalException', 'ThrottlingException'], 'retry'],
    [['InternalException', 'MalformedDetail'], 'dead-letter'],
    [['ResourceNotFoundException'], 'dead-letter'],
  ])('failed entries %j → %s', (codes, verdict) => {
    const results = [{ EventId: 'ok' }, ...codes.map((code) => ({ ErrorCode: code, ErrorMessage: 'm' }))];
    const error = failedEntriesError(results);
    expect(error.code).toBe('sink.eventbridge.failed-entries');
    expect(error.message).toContain(`#1 ${codes[0]}: m`);
    expect(classifyError(error).verdict).toBe(verdict);
  });
});
