import { defineSource, type SettingsOf } from '../../shared/settings/connector.js';
import { listOf, oneOf, optional, text, withDefault } from '../../shared/settings/field-table.js';

const fields = {
  path: optional(
    text('a URL path starting with /', {
      pattern: /^\/[A-Za-z0-9/_.~-]*$/,
      mismatch: 'a URL path starting with /, e.g. "/hooks/orders"',
    }),
    'The path requests arrive on, e.g. /hooks/orders. Omitted: /sources/<task name>.',
  ),
  methods: withDefault(
    listOf(oneOf(['POST', 'PUT', 'PATCH', 'GET', 'DELETE']), 1, 'must list at least one method'),
    ['POST'],
    'The methods accepted (default [POST]); others get 405.',
  ),
  token: optional(
    text('a secret token'),
    'When set, requests must send "Authorization: Bearer <token>"; others get 401.',
    { secret: true },
  ),
  dropHeaders: withDefault(
    listOf(text('a header name', { pattern: /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, mismatch: 'an HTTP header name' }), 0, ''),
    [],
    'More request headers to leave out of events, e.g. [x-session]; Authorization, Proxy-Authorization, Cookie and X-Api-Key always are.',
  ),
};

/**
 * The HTTP source: each request body posted to `path` on the emulator becomes an event.
 * @example source: { type: http, path: /hooks/orders, methods: [POST], token: s3cret }
 */
export const httpSource = defineSource({
  type: 'http',
  doc: 'Receives events as HTTP requests; the body (JSON or text) becomes the event data.',
  example: 'source: { type: http, path: /hooks/orders, methods: [POST], token: s3cret }',
  triggers: { lambda: ['httpApi'], fc: ['eventbridge'] },
  fields,
});

/** The HTTP source's settings after defaults. */
export type HttpSourceConfig = SettingsOf<'http', typeof fields>;
