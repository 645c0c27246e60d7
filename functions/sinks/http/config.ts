import { z } from 'zod';
import { intRange, oneOf, specMap, url } from '../../shared/config-fields.js';

/**
 * The HTTP sink: sends each payload as a request body to `url`.
 * @example sink: { type: http, url: "https://example.com/hooks/orders", headers: { x-order: $.data.value.id } }
 */
export const httpSinkConfig = z
  .strictObject({
    type: z.literal('http'),
    url: url(['http', 'https']).describe('The endpoint each payload is sent to.'),
    method: oneOf(['POST', 'PUT', 'PATCH', 'DELETE', 'GET'])
      .default('POST')
      .describe('The HTTP method (default POST).'),
    headers: specMap('').default({}).describe('Request headers: header name → transform spec.'),
    timeoutMs: intRange(1, 900_000)
      .default(10_000)
      .describe('How long to wait for a response before the attempt counts as a (retriable) timeout, in ms.'),
  })
  .describe('Sends each payload in the body of an HTTP request; 5xx and 429 are retried, other 4xx are not.');

/** The HTTP sink's settings after defaults. */
export type HttpSinkConfig = z.output<typeof httpSinkConfig>;
