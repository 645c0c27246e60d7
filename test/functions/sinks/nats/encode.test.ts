import { describe, expect, it } from 'vitest';
import { ConfluxError } from '../../../../bus/errors.js';
import { compileSinkField } from '../../../../functions/shared/task/sink-fields.js';
import { encode } from '../../../../functions/sinks/nats/encode.js';
import { conformanceMessage } from '../../../helpers/sink-conformance.js';

const message = conformanceMessage(3, 'eu');
const field = (value: string) => compileSinkField({ form: 'CONSTANT', value }, '.');
const subject = compileSinkField({ form: 'TEMPLATE', value: { k: '$.data.value.key' }, template: 'orders.${k}' }, '.');
// renderers stand in for specs with 0 or 2 outputs (the forms give one value or throw)
const none = Object.assign(async () => [], { close: async () => {} });
const two = Object.assign(async () => ['a', 'b'], { close: async () => {} });

async function failure(promise: Promise<unknown>): Promise<ConfluxError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfluxError);
  expect((error as ConfluxError).retriable).toBe(false);
  return error as ConfluxError;
}

describe('nats encode', () => {
  it('renders the subject from the event; the payload is the data; no headers unless configured', async () => {
    expect(await encode(message, { subject })).toEqual({ subject: 'orders.eu', data: message.payload });
  });

  it('renders each header', async () => {
    const encoded = await encode(message, {
      subject,
      headers: {
        'x-key': compileSinkField({ form: 'JSONPATH', value: '$.data.value.key' }, '.'),
        source: field('conflux'),
      },
    });
    expect(encoded.headers).toEqual({ 'x-key': 'eu', source: 'conflux' });
  });

  it('a subject or header giving 0 or 2 values names its field path', async () => {
    expect((await failure(encode(message, { subject: none }))).message).toBe(
      'sink.subject must render to exactly one value (got 0)',
    );
    const error = await failure(encode(message, { subject, headers: { trace: two } }));
    expect(error).toMatchObject({ path: 'sink.headers.trace', code: 'sink.nats.field' });
    expect(error.message).toBe('sink.headers.trace must render to exactly one value (got 2)');
  });

  it('refuses subjects with whitespace, empty tokens or wildcards, and bad header names or values', async () => {
    for (const bad of ['a b', 'a..b', '.a', 'a.', 'a.*', 'a.>', '']) {
      expect(await failure(encode(message, { subject: field(bad) }))).toMatchObject({ path: 'sink.subject' });
    }
    const badName = await failure(encode(message, { subject, headers: { 'bad name': field('x') } }));
    expect(badName).toMatchObject({ path: 'sink.headers.bad name', code: 'sink.nats.header' });
    const badValue = await failure(encode(message, { subject, headers: { h: field('a\r\nb') } }));
    expect(badValue).toMatchObject({ path: 'sink.headers.h', code: 'sink.nats.header' });
  });
});
