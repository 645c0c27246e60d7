import { describe, expect, it } from 'vitest';
import type { IngressRequest } from '../../../../bus/emulator/http/ingress.js';
import { decode, HTTP_EVENT_TYPE } from '../../../../functions/sources/http/decode.js';
import { requestRecord } from '../../../../functions/sources/http/record.js';

function request(overrides: Partial<IngressRequest> = {}): IngressRequest {
  return {
    method: 'POST',
    path: '/hooks/orders',
    query: new URLSearchParams(),
    headers: { 'content-type': 'application/json', host: '127.0.0.1:4010' },
    body: Buffer.from('{"orderId":7}'),
    ...overrides,
  };
}

const at = Date.parse('2025-03-03T03:33:14.097Z');
const recordOf = (r: IngressRequest, offset = 0) =>
  requestRecord(r, 'orders-hook', { topic: '/hooks/orders', offset }, at);

describe('the HTTP source event', () => {
  it("has Alibaba EventBridge's HTTP source shape", () => {
    const record = recordOf(request({ query: new URLSearchParams('a=1&tag=x&tag=y') }));
    const { event, text } = decode(record, { withText: false });
    expect(text).toBeUndefined();
    expect(event).toEqual({
      specversion: '1.0',
      id: record.headers.id,
      source: 'orders-hook',
      type: HTTP_EVENT_TYPE,
      subject: 'acs:eventbridge:local:conflux:eventbus/conflux/eventsource/orders-hook',
      time: '2025-03-03T03:33:14.097Z',
      datacontenttype: 'application/json',
      data: {
        headers: { 'content-type': 'application/json', host: '127.0.0.1:4010' },
        path: '/hooks/orders',
        httpMethod: 'POST',
        queryString: { a: '1', tag: ['x', 'y'] },
        body: { orderId: 7 },
      },
    });
    expect(event.type).toBe('eventbridge:Events:HTTPEvent');
  });

  it('gives every request its own id, kept through the record', () => {
    const ids = new Set(
      Array.from({ length: 20 }, (_, i) => decode(recordOf(request(), i), { withText: false }).event.id),
    );
    expect(ids.size).toBe(20);
  });

  it('leaves credential headers out (Authorization, Proxy-Authorization, Cookie, X-Api-Key, dropHeaders) and joins repeated headers', () => {
    const secret = {
      Authorization: 'Bearer s3cret',
      'proxy-authorization': 'Basic s3cret',
      cookie: 'session=s3cret',
      'X-API-Key': 's3cret',
      'x-session': 's3cret',
      'x-kept': 'k',
    };
    const dropping = requestRecord(request({ headers: secret }), 'hook', { topic: '/h', offset: 0 }, 0, ['X-Session']);
    expect(decode(dropping, { withText: false }).event.data).toMatchObject({ headers: { 'x-kept': 'k' } });
    expect(JSON.stringify(dropping)).not.toContain('s3cret');
  });

  it('joins repeated headers', () => {
    const record = recordOf(
      request({ headers: { authorization: 'Bearer s3cret', 'set-cookie': ['a=1', 'b=2'], 'x-trace': 't' } }),
    );
    const { event, text } = decode(record, { withText: true });
    expect(event.data).toMatchObject({ headers: { 'set-cookie': 'a=1, b=2', 'x-trace': 't' } });
    expect((event.data as { headers: object }).headers).not.toHaveProperty('authorization');
    expect(JSON.stringify(record)).not.toContain('s3cret');
    expect(text).not.toContain('s3cret');
  });

  it('keeps a header and a query parameter named __proto__ as plain data', () => {
    const record = recordOf(
      request({ headers: JSON.parse('{"__proto__":"h"}'), query: new URLSearchParams('__proto__=q') }),
    );
    const data = decode(record, { withText: false }).event.data as Record<string, Record<string, string>>;
    expect(Object.keys(data.headers!)).toEqual(['__proto__']);
    expect(JSON.stringify(data.queryString)).toBe('{"__proto__":"q"}');
  });

  it.each([
    ['JSON content type, JSON bytes → parsed', 'application/json; charset=utf-8', '{"a":[1,2]}', { a: [1, 2] }],
    ['+json content type → parsed', 'application/cloudevents+json', '{"a":1}', { a: 1 }],
    ['no content type, JSON bytes → parsed', undefined, '[1,"x"]', [1, 'x']],
    ['no content type, not JSON → text', undefined, 'hello', 'hello'],
    ['JSON content type, broken JSON → text', 'application/json', '{"a":', '{"a":'],
    ['text content type, JSON-looking bytes → text', 'text/plain', '123', '123'],
    ['form content type → text', 'application/x-www-form-urlencoded', 'a=1&b=2', 'a=1&b=2'],
    ['empty body → empty text', 'application/json', '', ''],
  ])('body: %s', (_, contentType, bytes, expected) => {
    const headers = contentType === undefined ? {} : { 'content-type': contentType };
    const record = recordOf(request({ headers, body: Buffer.from(bytes) }));
    expect((decode(record, { withText: false }).event.data as { body: unknown }).body).toEqual(expected);
  });

  it('gives the compact JSON of the event when asked', () => {
    const { event, text } = decode(recordOf(request()), { withText: true });
    expect(text).toBe(JSON.stringify(event));
  });

  it('refuses a record that is not a stored request, naming the missing field', () => {
    const record = { ...recordOf(request()), headers: {} };
    expect(() => decode(record, { withText: false })).toThrow(/has no headers|has no id|has no source/);
  });
});
