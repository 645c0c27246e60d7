import type { IngressRequest } from '../../../bus/emulator/http/ingress.js';
import type { Reply } from '../../../bus/emulator/http/server.js';
import { httpRefusal } from '../../shared/source-events/http.js';
import type { HttpSourceConfig } from './config.js';

/**
 * Why a request is refused before it becomes an event, or `undefined` when it may pass: 405 for a
 * method the source does not accept (the body lists the allowed ones: a Reply carries no `Allow`
 * header), 401 without `Authorization: Bearer <token>` when the source has a token.
 *
 * @example refusal({ methods: ['POST'] }, { method: 'GET', … }) // { status: 405, body: { error, allow: ['POST'] } }
 */
export function refusal(
  config: Pick<HttpSourceConfig, 'methods' | 'token'>,
  request: IngressRequest,
): Reply | undefined {
  return httpRefusal(config, {
    method: request.method,
    path: request.path,
    authorization: request.headers.authorization,
  });
}
