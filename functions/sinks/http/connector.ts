import { defineSink, type SettingsOf } from '../../shared/settings/connector.js';
import { integer, oneOf, required, specs, url, withDefault } from '../../shared/settings/field-table.js';

const fields = {
  url: required(url(['http', 'https']), 'The endpoint each payload is sent to.'),
  method: withDefault(oneOf(['POST', 'PUT', 'PATCH', 'DELETE', 'GET']), 'POST', 'The HTTP method (default POST).'),
  headers: withDefault(specs(), {}, 'Request headers: header name → transform spec.'),
  timeoutMs: withDefault(
    integer(1, 900_000),
    10_000,
    'How long to wait for a response before the attempt counts as a (retriable) timeout, in ms.',
  ),
};

/**
 * The HTTP sink: sends each payload as a request body to `url`.
 * @example sink: { type: http, url: "https://example.com/hooks/orders", headers: { x-order: $.data.value.id } }
 */
export const httpSink = defineSink({
  type: 'http',
  doc: 'Sends each payload in the body of an HTTP request; 5xx and 429 are retried, other 4xx are not.',
  example: 'sink: { type: http, url: "https://example.com/hooks/orders", headers: { x-order: $.data.value.id } }',
  triggers: { lambda: ['kafka'], fc: ['eventbridge'] },
  fields,
});

/** The HTTP sink's settings after defaults. */
export type HttpSinkConfig = SettingsOf<'http', typeof fields>;
