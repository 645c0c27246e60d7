import { z } from 'zod';
import { nonEmptyString, oneOf, secret } from '../../shared/config-fields.js';
import { describeValue } from '../../shared/config-issues.js';

/**
 * The HTTP source: each request body posted to `path` on the emulator becomes an event.
 * @example source: { type: http, path: /hooks/orders, methods: [POST], token: s3cret }
 */
export const httpSourceConfig = z
  .strictObject({
    type: z.literal('http'),
    path: nonEmptyString('a URL path starting with /')
      .regex(/^\/[A-Za-z0-9/_.~-]*$/, {
        error: (issue) =>
          `must be a URL path starting with /, e.g. "/hooks/orders" (got ${describeValue(issue.input)})`,
      })
      .optional()
      .describe('The path requests arrive on, e.g. /hooks/orders. Omitted: /sources/<task name>.'),
    methods: z
      .array(oneOf(['POST', 'PUT', 'PATCH', 'GET', 'DELETE']))
      .min(1, { error: 'must list at least one method' })
      .default(['POST'])
      .describe('The methods accepted (default [POST]); others get 405.'),
    token: secret(
      nonEmptyString('a secret token')
        .optional()
        .describe('When set, requests must send "Authorization: Bearer <token>"; others get 401.'),
    ),
    dropHeaders: z
      .array(
        nonEmptyString('a header name').regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, {
          error: (issue) => `must be an HTTP header name (got ${describeValue(issue.input)})`,
        }),
      )
      .default([])
      .describe(
        'More request headers to leave out of events, e.g. [x-session]; Authorization, Proxy-Authorization, Cookie and X-Api-Key always are.',
      ),
  })
  .describe('Receives events as HTTP requests; the body (JSON or text) becomes the event data.');

/** The HTTP source's settings after defaults. */
export type HttpSourceConfig = z.output<typeof httpSourceConfig>;
