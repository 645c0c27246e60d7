import { describe, expect, it } from 'vitest';
import { classifyError } from '../../../../bus/delivery/errors.js';
import { compileFields } from '../../../../functions/shared/sink-fields.js';
import { encode, statusError } from '../../../../functions/sinks/http/encode.js';
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
      headers: { 'x-key': 'k7', 'x-seq': '7' },
    });
  });

  it('GET carries no body', async () => {
    expect((await encode(message, 'GET', {})).body).toBeUndefined();
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
