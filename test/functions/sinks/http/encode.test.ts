import { describe, expect, it } from 'vitest';
import { classifyError } from '../../../../bus/delivery/errors.js';
import { compileFields } from '../../../../functions/shared/task/sink-fields.js';
import { defaultContentType, encode, statusError } from '../../../../functions/sinks/http/encode.js';
import { conformanceMessage } from '../../../helpers/sink-conformance.js';

describe('http encode', () => {
  const message = conformanceMessage(7);

  it('the payload is the body; headers are rendered from the event', async () => {
    const fields = compileFields(
      { 'x-key': { form: 'JSONPATH', value: '$.data.key' }, 'x-seq': { form: 'JSONPATH', value: '$.data.value.seq' } },
      '.',
    );
    expect(await encode(message, 'POST', fields.renderers)).toEqual({
      method: 'POST',
      body: message.payload,
      headers: { 'x-key': 'k7', 'x-seq': '7', 'content-type': 'application/json' },
    });
  });

  it.each([
    ['{"id":1}', 'application/json'],
    ['[1,"a"]', 'application/json'],
    ['{"id":1', 'text/plain;charset=UTF-8'],
    ['"quoted"', 'text/plain;charset=UTF-8'],
    ['order 7 paid', 'text/plain;charset=UTF-8'],
    ['', 'text/plain;charset=UTF-8'],
  ])('a body %j without a content-type spec is sent as %s', async (payload, type) => {
    const request = await encode({ ...message, payload }, 'POST', {});
    expect(request.headers).toEqual({ 'content-type': type });
    expect(defaultContentType(payload)).toBe(type);
  });

  it('a content-type header spec wins, whatever its case', async () => {
    const fields = compileFields({ 'Content-Type': { form: 'CONSTANT', value: 'application/cloudevents+json' } }, '.');
    expect((await encode(message, 'POST', fields.renderers)).headers).toEqual({
      'Content-Type': 'application/cloudevents+json',
    });
  });

  it('GET carries no body and no content type', async () => {
    expect(await encode(message, 'GET', {})).toEqual({ method: 'GET', body: undefined, headers: {} });
  });

  it('a header spec selecting nothing fails; one giving several texts is a permanent error naming the header', async () => {
    const none = compileFields({ 'x-a': { form: 'JSONPATH', value: '$.data.missing' } }, '.');
    await expect(encode(message, 'POST', none.renderers)).rejects.toMatchObject({ code: 'transform.nothing-selected' });
    const twice = { 'x-b': async () => ['a', 'b'] };
    await expect(encode(message, 'POST', twice)).rejects.toMatchObject({
      code: 'sink.http.field',
      path: 'sink.headers.x-b',
    });
  });

  it.each([
    [503, 'retry'],
    [502, 'retry'],
    [429, 'retry'],
    [408, 'retry'],
    [400, 'dead-letter'],
    [401, 'dead-letter'],
    [404, 'dead-letter'],
    [304, 'dead-letter'],
  ])('statusError(%i) → %s', (status, verdict) => {
    const error = statusError(status, 'x', 'detail');
    expect(error.status).toBe(status);
    expect(classifyError(error).verdict).toBe(verdict);
  });
});
