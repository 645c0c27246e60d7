import { timingSafeEqual } from 'node:crypto';
import type { IngressRequest } from '../../../bus/emulator/http/ingress.js';
import type { Reply } from '../../../bus/emulator/http/server.js';
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
  if (!config.methods.includes(request.method as HttpSourceConfig['methods'][number])) {
    return {
      status: 405,
      body: {
        error: `method ${request.method} is not accepted on ${request.path}; allowed: ${config.methods.join(', ')}`,
        allow: config.methods,
      },
    };
  }
  if (config.token !== undefined && !bearerMatches(request.headers.authorization, config.token)) {
    return {
      status: 401,
      body: { error: `${request.path} needs "Authorization: Bearer <token>" with the source's token` },
    };
  }
  return undefined;
}

function bearerMatches(authorization: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
  if (match === null) return false;
  const given = Buffer.from(match[1]!.trim());
  const expected = Buffer.from(token);
  // constant time, so the token cannot be guessed a character at a time from response times
  return given.length === expected.length && timingSafeEqual(given, expected);
}
