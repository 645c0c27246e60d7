import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * Who may reach a route (DESIGN.md "Exposure"):
 * - `api` (the default): the task, EventBridge and tester APIs and `/metrics` — only a loopback
 *   `Host` with the listening port (or one the user allowed), only the same origin when the
 *   request has an `Origin`, and the API token when one is set;
 * - `page`: the console's own files — Host and Origin as for `api`, no token (a browser cannot send
 *   one on navigation; the page asks for it and sends it with every API call);
 * - `public`: HTTP sources' paths — webhooks come from tools and tunnels under any name.
 */
export type Exposure = 'api' | 'page' | 'public';

/** What the user opened up: more Host names (`name` for any port, `name:port` for one) and a token. */
export interface ExposureOptions {
  allowHosts?: readonly string[];
  apiToken?: string | undefined;
}

/** Why a request is refused: status, message, and the headers HTTP asks for with it. */
export interface ExposureRefusal {
  status: 401 | 403;
  error: string;
  headers?: Record<string, string>;
}

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];

/** `name:port` → [name, port]; a bracketed IPv6 name keeps its brackets; no port → undefined. */
function splitHost(host: string): [string, string | undefined] {
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(host);
  return match === null ? [host, undefined] : [match[1]!, match[2]];
}

/** True when `host` (a Host header's value) names this emulator: loopback with its port, or allowed. */
export function hostAllowed(host: string, port: number, allowHosts: readonly string[] = []): boolean {
  const [name, given] = splitHost(host.toLowerCase());
  const samePort = given === undefined ? port === 80 : given === String(port);
  if (LOOPBACK.includes(name) && samePort) return true;
  return allowHosts.some((allowed) => {
    const [allowedName, allowedPort] = splitHost(allowed.toLowerCase());
    return allowedName === name && (allowedPort === undefined || allowedPort === (given ?? '80'));
  });
}

/**
 * The token a request carries: `Authorization: Bearer <token>`, or — for the AWS SDK, which signs
 * its own Authorization header — the SigV4 access key id (`Credential=<token>/…`), so a client
 * sets `credentials: { accessKeyId: <token>, secretAccessKey: 'any' }`; likewise Alibaba's
 * `@alicloud/eventbridge`, whose `acs:<AccessKeyId>:<signature>` carries it as the AccessKey id.
 */
function tokenOf(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (bearer !== null) return bearer[1];
  const aws = /^AWS4-HMAC-SHA256\s.*Credential=([^/,\s]+)\//i.exec(authorization);
  if (aws !== null) return aws[1];
  return /^acs[: ]([^:\s]+):\S+$/.exec(authorization)?.[1]; // Alibaba's SDK: its AccessKey id
}

function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b); // constant time: no guessing by response times
}

/**
 * Why the request may not reach a route of this exposure, or `undefined` when it may. A page on a
 * rebinding domain sends its own name as Host, so the Host check stops it even when the name
 * resolves to 127.0.0.1; the Origin check stops pages of other sites that reach a loopback name.
 *
 * @example refusal('api', { host: 'evil.example:4010' }, 4010, {})?.status // 403
 */
export function refusal(
  exposure: Exposure,
  headers: IncomingHttpHeaders,
  port: number,
  options: ExposureOptions,
): ExposureRefusal | undefined {
  if (exposure === 'public') return undefined;
  const host = headers.host;
  if (host === undefined || !hostAllowed(host, port, options.allowHosts)) {
    return {
      status: 403,
      error: `Host ${host ?? '(none)'} is refused: the emulator answers 127.0.0.1:${port}, localhost:${port} and [::1]:${port} (allow another name with --allow-host)`,
    };
  }
  const origin = headers.origin;
  if (origin !== undefined && origin.toLowerCase() !== `http://${host.toLowerCase()}`) {
    return {
      status: 403,
      error: 'cross-site requests are refused: use the console on this host, curl or an SDK',
    };
  }
  if (exposure === 'api' && options.apiToken !== undefined) {
    const token = tokenOf(headers.authorization);
    if (token === undefined || !sameText(token, options.apiToken)) {
      return {
        status: 401,
        error:
          'this emulator needs its API token: send "Authorization: Bearer <token>" (--api-token / CONFLUX_API_TOKEN)',
        headers: { 'www-authenticate': 'Bearer realm="conflux"' },
      };
    }
  }
  return undefined;
}
