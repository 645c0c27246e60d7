import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { IngressRequest } from '../../../../bus/emulator/http/ingress.js';
import { ConfluxError } from '../../../../bus/errors.js';
import { decodeError, lambdaSourceOf, lambdaSources } from '../../../../functions/adapters/lambda/event-sources.js';
import {
  type HttpItemIdentifier,
  type HttpV2Request,
  httpAnswer,
  lambdaHttpItems,
  lambdaHttpRefusal,
} from '../../../../functions/adapters/lambda/http.js';
import type { SourceItem } from '../../../../functions/adapters/lambda/kafka.js';
import { decode } from '../../../../functions/sources/http/decode.js';
import { refusal } from '../../../../functions/sources/http/gate.js';
import { requestRecord } from '../../../../functions/sources/http/record.js';

const fixture = () =>
  JSON.parse(
    readFileSync(new URL('../../shared/fixtures/lambda-http-v2-event.json', import.meta.url), 'utf8'),
  ) as HttpV2Request;
const eventOf = (item: SourceItem<HttpItemIdentifier> | undefined) => {
  if (item === undefined || !('event' in item)) throw new Error(`no event: ${JSON.stringify(item)}`);
  return item.event;
};

/** One request as API Gateway hands it over (payload 2.0) and as the emulator's server reads it. */
function sameRequest(method: string, headers: Record<string, string>, body: string, query = '') {
  const v2: HttpV2Request = {
    version: '2.0',
    rawPath: '/hooks/orders',
    rawQueryString: query,
    headers,
    body: Buffer.from(body).toString('base64'),
    isBase64Encoded: true,
    requestContext: { http: { method, path: '/hooks/orders' }, timeEpoch: Date.parse('2025-03-03T03:33:14.097Z') },
  };
  const ingress: IngressRequest = {
    method,
    path: '/hooks/orders',
    query: new URLSearchParams(query),
    headers,
    body: Buffer.from(body),
  };
  return { v2, ingress };
}

describe('an API Gateway HTTP API request (payload format 2.0)', () => {
  it('is recognised by version 2.0 and requestContext.http, with no eventSource', () => {
    expect(lambdaSourceOf(fixture(), lambdaSources).serves).toBe('http');
    expect(() => lambdaSourceOf({ version: '2.0' }, lambdaSources)).toThrow(/unsupported eventSource undefined/);
    expect(() => lambdaSourceOf(fixture(), lambdaSources, 'rabbitmq')).toThrow(
      'this function is deployed for a rabbitmq source but was invoked by http:2.0',
    );
  });

  it("decodes the AWS docs example to the HTTP source's event: cookies left out, repeated query values a list", () => {
    const [item] = lambdaHttpItems(fixture(), { task: 'orders-hook' });
    expect(eventOf(item)).toEqual({
      specversion: '1.0',
      id: item?.identifier.id,
      source: 'orders-hook',
      type: 'eventbridge:Events:HTTPEvent',
      subject: 'acs:eventbridge:local:conflux:eventbus/conflux/eventsource/orders-hook',
      time: '2020-03-04T19:03:58.390Z',
      datacontenttype: 'application/json',
      data: {
        headers: { header1: 'value1', header2: 'value1,value2' },
        path: '/my/path',
        httpMethod: 'POST',
        queryString: { parameter1: ['value1', 'value2'], parameter2: 'value' },
        body: 'Hello from Lambda',
      },
    });
  });

  it.each([
    [
      'a JSON body',
      { 'content-type': 'application/json', 'x-trace': 't1' },
      '{"orderId":7,"status":"paid"}',
      'a=1&tag=x&tag=y',
    ],
    ['a text body', { 'content-type': 'text/plain' }, '{"looks":"like json"}', ''],
    ['no content type', {}, '[1,2]', '__proto__=p'],
    ['an empty body', { 'content-type': 'application/json' }, '', ''],
  ])("builds exactly the emulator's event for the same request: %s", (_, headers, body, query) => {
    const { v2, ingress } = sameRequest('POST', { ...headers, authorization: 'Bearer s3cret' }, body, query);
    const record = requestRecord(
      ingress,
      'orders-hook',
      { topic: '/hooks/orders', offset: 0 },
      v2.requestContext.timeEpoch,
    );
    const emulated = decode(record, { withText: true });
    const deployed = eventOf(lambdaHttpItems(v2, { task: 'orders-hook' })[0]);
    expect(JSON.stringify({ ...deployed, id: emulated.event.id })).toBe(emulated.text);
    expect(JSON.stringify(deployed)).not.toContain('s3cret');
  });

  it('gates requests as the emulator does: 405 with the allowed methods, 401 without the token', () => {
    const settings = { type: 'http' as const, methods: ['POST', 'PUT'], token: 's3cret' };
    const cases: [string, Record<string, string>][] = [
      ['GET', {}],
      ['DELETE', { authorization: 'Bearer s3cret' }],
      ['POST', {}],
      ['POST', { authorization: 'Bearer wrong!' }],
      ['PUT', { authorization: 'bearer s3cret' }],
      ['POST', { authorization: 'Bearer s3cret' }],
    ];
    for (const [method, headers] of cases) {
      const { v2, ingress } = sameRequest(method, headers, '{}');
      const emulator = refusal({ methods: ['POST', 'PUT'], token: 's3cret' }, ingress);
      const deployed = lambdaHttpRefusal(v2, settings);
      expect(
        deployed === undefined ? undefined : { status: deployed.statusCode, body: JSON.parse(deployed.body) },
      ).toEqual(
        emulator === undefined ? undefined : { status: emulator.status, body: 'body' in emulator ? emulator.body : '' },
      );
    }
    const { v2 } = sameRequest('GET', {}, '');
    expect(lambdaHttpRefusal(v2, settings)?.headers).toEqual({
      'content-type': 'application/json',
      allow: 'POST, PUT',
    });
    // no settings: the emulator's defaults (POST only, no token)
    expect(lambdaHttpRefusal(v2, undefined)?.statusCode).toBe(405);
    expect(lambdaHttpRefusal(sameRequest('POST', {}, '').v2, undefined)).toBeUndefined();
  });

  it('answers 200 {"id"} once delivered, 400 naming the path for a malformed request, 503 or 500 for a failed delivery', () => {
    expect(httpAnswer({ identifier: { id: 'e-1' }, ok: true })).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"id":"e-1"}',
    });
    const bad = { ...fixture(), isBase64Encoded: true, body: 'not base64!' };
    const [item] = lambdaHttpItems(bad, {});
    if (!('issue' in item!)) throw new Error('expected an issue');
    expect(item.issue.path).toEqual(['body']);
    const badRequest = httpAnswer({ identifier: item.identifier, ok: false, error: decodeError(item) });
    expect(badRequest.statusCode).toBe(400);
    expect(JSON.parse(badRequest.body)).toEqual({
      error: 'the request is not valid: body must be base64 text (isBase64Encoded is true)',
      path: '$.body',
    });
    const errors = console.error;
    console.error = () => {};
    try {
      const retry = httpAnswer({
        identifier: { id: 'e-2' },
        ok: false,
        error: new ConfluxError('sink.write', 'the sink refused the batch: down', { retriable: true }),
      });
      expect(retry.statusCode).toBe(503);
      expect(JSON.parse(retry.body)).toEqual({
        error: 'the event was not delivered; send it again',
        code: 'sink.write',
      });
      expect(retry.body).not.toContain('down');
      const permanent = httpAnswer({
        identifier: { id: 'e-3' },
        ok: false,
        error: new ConfluxError('transform.no-match', 'x'),
      });
      expect(permanent.statusCode).toBe(500);
    } finally {
      console.error = errors;
    }
  });

  it.each([
    [{ rawPath: 7 }, ['rawPath']],
    [{ headers: { 'x-n': 1 } }, ['headers', 'x-n']],
    [{ cookies: 'a=1' }, ['cookies']],
    [{ body: { a: 1 } }, ['body']],
    [{ requestContext: { http: { method: 'POST' }, timeEpoch: 'now' } }, ['requestContext', 'timeEpoch']],
  ])('a request of the wrong shape is an issue naming its path (%j)', (change, path) => {
    const [item] = lambdaHttpItems({ ...fixture(), ...change }, {});
    expect(item && 'issue' in item ? item.issue.path : undefined).toEqual(path);
  });
});
