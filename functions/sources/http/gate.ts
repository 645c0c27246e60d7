import type { IngressRequest } from '../../../bus/emulator/http/ingress.js';
import type { Reply } from '../../../bus/emulator/http/server.js';
import { httpRefusal } from '../../adapters/source/events/http.js';
import type { HttpSourceConfig } from './config.js';

/**
 * Why a request is refused before it becomes an event, or `undefined` when it may pass: `OPTIONS`
 * is answered 204 with `Allow`; 405 (with `Allow`, and the list in the body) for a method the
 * source does not accept; 401 without `Authorization: Bearer <token>` when the source has a token.
 *
 * @example refusal({ methods: ['POST'] }, { method: 'GET', … }) // { status: 405, body: { error, allow: ['POST'] } }
 */
export function refusal(
  config: Pick<HttpSourceConfig, 'methods' | 'token'>,
  request: IngressRequest,
): Reply | undefined {
  const allow = { allow: [...config.methods, 'OPTIONS'].join(', ') };
  if (request.method === 'OPTIONS') return { status: 204, body: undefined, headers: allow };
  const refused = httpRefusal(config, {
    method: request.method,
    path: request.path,
    authorization: request.headers.authorization,
  });
  return refused?.status === 405 ? { ...refused, headers: allow } : refused;
}
