import { intRange, literal, oneOf, specMap, strictSettings, url } from '../../shared/deployed-settings.js';
import type { HttpSinkConfig } from './config.js';

/** The HTTP sink's settings as a deployed function checks them (mirrors config.ts without zod). */
export const httpSettings = strictSettings<HttpSinkConfig>({
  type: { check: literal('http') },
  url: { check: url(['http', 'https']) },
  method: { check: oneOf(['POST', 'PUT', 'PATCH', 'DELETE', 'GET']), default: 'POST' },
  headers: { check: specMap, default: {} },
  timeoutMs: { check: intRange(1, 900_000), default: 10_000 },
});
