import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { handler } from '../../../../functions/sources/http/handler.js';
import { resetAfterEach } from '../../../helpers/handler-env.js';

resetAfterEach(handler);
const request = (method: string, headers: Record<string, string> = {}) => ({
  ...JSON.parse(readFileSync(new URL('../../shared/fixtures/lambda-http-v2-event.json', import.meta.url), 'utf8')),
  headers,
  requestContext: { http: { method, path: '/my/path' }, timeEpoch: 1764489600000 },
});

// Delivery into a real cluster: test/infra/build/serverless-zips.test.ts runs this bundle from its zip.
it('answers 405 and 401 as the emulator does before the target is read', async () => {
  delete process.env.CONFLUX_TARGET;
  process.env.CONFLUX_SOURCE = '{"methods":["PUT"],"token":"s3cret"}';
  expect(await handler(request('POST'))).toMatchObject({ statusCode: 405, headers: { allow: 'PUT' } });
  expect(await handler(request('PUT'))).toMatchObject({ statusCode: 401 });
  await expect(handler(request('PUT', { authorization: 'Bearer s3cret' }))).rejects.toThrow(
    /CONFLUX_TARGET is not set/,
  );
});

it('names the bad field of CONFLUX_TARGET, and takes HTTP requests only', async () => {
  process.env.CONFLUX_TARGET = '{"brokers":["127.0.0.1:9092"],"topic":""}';
  await expect(handler(request('POST'))).rejects.toMatchObject({ code: 'config.invalid', path: 'target.topic' });
  await expect(handler({ eventSource: 'aws:kafka', records: {} })).rejects.toThrow(
    'this function is deployed for a http source but was invoked by aws:kafka',
  );
});
