import { describe, expect, it } from 'vitest';
import { encode, publishRetriable } from '../../../../functions/sinks/rabbitmq/encode.js';
import { conformanceMessage } from '../../../helpers/sink-conformance.js';

const constant = (value: string) => async () => [value];
const options = { persistent: true, contentType: 'application/json' };

describe('rabbitmq encode', () => {
  const message = conformanceMessage(5);

  it('payload as UTF-8 body; routing key and headers rendered; properties from the config', async () => {
    const encoded = await encode(message, { routingKey: constant('q1'), headers: { 'x-a': constant('A') } }, options);
    expect(encoded.routingKey).toBe('q1');
    expect(encoded.content.toString('utf8')).toBe(message.payload);
    expect(encoded.properties).toEqual({ persistent: true, contentType: 'application/json', headers: { 'x-a': 'A' } });
  });

  it('a routing key that gives no value or several is a permanent error at sink.routingKey', async () => {
    for (const render of [async () => [], async () => ['a', 'b']]) {
      await expect(encode(message, { routingKey: render, headers: {} }, options)).rejects.toMatchObject({
        code: 'sink.rabbitmq.field',
        path: 'sink.routingKey',
        retriable: false,
      });
    }
  });

  it('a header giving several values fails at sink.headers.<name>', async () => {
    const fields = { routingKey: constant('q'), headers: { 'x-b': async () => ['1', '2'] } };
    await expect(encode(message, fields, options)).rejects.toMatchObject({ path: 'sink.headers.x-b' });
  });

  it.each([
    [404, false],
    [403, false],
    [406, false],
    [320, true],
    [541, true],
    [504, true],
  ])('reply code %i retriable: %s', (code, retriable) => {
    expect(publishRetriable({ code })).toBe(retriable);
  });

  it('errors without a reply code (lost socket, nack) are retriable', () => {
    expect(publishRetriable(new Error('channel closed'))).toBe(true);
  });
});
