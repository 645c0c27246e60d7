import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { formatJsonPath, messageOf } from '../../errors.js';
import { MAX_JSON_DEPTH, tooDeep } from '../../json-depth.js';
import { parseJsonExact } from '../../pattern/exact-numbers.js';
import { ApiError } from '../api-error.js';
import { type Exposure, type ExposureOptions, refusal } from './exposure.js';

/** Extra response headers a route asks for (`allow`, `www-authenticate`, …), lower-case names. */
export type ReplyHeaders = Record<string, string>;

/** What a route answers: a status and a JSON body, or raw text with its content type; `headers` adds to them. */
export type Reply =
  | { status: number; body: unknown; headers?: ReplyHeaders }
  | { status: number; text: string; contentType: string; headers?: ReplyHeaders };

/**
 * One route: method (`*`: any; a `GET` route answers `HEAD` too), path pattern (captures are
 * decoded into `params`), who may reach it (`exposure`, default `api`), and its handler.
 */
export interface Route {
  method: string;
  path: RegExp;
  exposure?: Exposure;
  /** When present, the route takes only the requests it accepts (two APIs share `/`: AWS JSON and Alibaba RPC). */
  accepts?(request: { query: URLSearchParams; headers: IncomingMessage['headers'] }): boolean;
  handle(request: {
    params: string[];
    query: URLSearchParams;
    body: () => Promise<unknown>;
    /** The body's bytes as sent, for routes that take any content (an HTTP source); read it or `body`, not both. */
    rawBody: () => Promise<Buffer>;
    method: string;
    headers: IncomingMessage['headers'];
  }): Promise<Reply>;
}

/** Request bodies above this are refused with 413 (DESIGN.md: bodies up to 1 MiB are read). */
export const MAX_BODY_BYTES = 1024 * 1024;

async function readBytes(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new ApiError(413, 'request.too-large', `request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const text = (await readBytes(request)).toString('utf8');
  if (text.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = parseJsonExact(text); // a filter's 9007199254740993 is not 2^53
  } catch (error) {
    throw new ApiError(400, 'request.json', `the request body is not JSON: ${messageOf(error)}`);
  }
  const path = tooDeep(parsed);
  if (path !== undefined) {
    const message = `nests deeper than ${MAX_JSON_DEPTH} levels`;
    throw new ApiError(400, 'request.depth', `the request body ${message} at ${formatJsonPath(path)}`, [
      { path, message },
    ]);
  }
  return parsed;
}

/**
 * Sent with every answer: no page of another site may frame the console (clickjacking), and no
 * browser may guess a content type other than the one given.
 */
const ALWAYS: ReplyHeaders = {
  'x-frame-options': 'DENY',
  'content-security-policy': "frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
};

function send(response: ServerResponse, reply: Reply): void {
  if (response.headersSent) return void response.end();
  const isText = 'text' in reply;
  const contentType = isText ? reply.contentType : 'application/json';
  response.writeHead(reply.status, { ...ALWAYS, 'content-type': contentType, ...reply.headers });
  // Node leaves the body out of HEAD answers by itself
  response.end(isText ? reply.text : reply.body === undefined ? '' : JSON.stringify(reply.body));
}

const badRequest = (code: string, error: string): Reply => ({ status: 400, body: { error, code } });

/** The request's path and query; `undefined` for a target that is not a path (`*`, an absolute URL). */
function targetOf(request: IncomingMessage): URL | undefined {
  const target = request.url ?? '/';
  if (!target.startsWith('/')) return undefined;
  try {
    return new URL(`http://localhost${target}`);
  } catch {
    return undefined;
  }
}

/** The path's captures, percent-decoded; `undefined` when one holds a bad escape (`%`, `%FF`). */
function decodeParams(pathname: string, path: RegExp): string[] | undefined {
  try {
    return (pathname.match(path) ?? []).slice(1).map((p) => decodeURIComponent(p));
  } catch {
    return undefined;
  }
}

/** The methods `path` answers (for `Allow`), from the routes with a fixed method. */
function allowedMethods(onPath: Route[]): string[] {
  const methods = new Set(onPath.filter((r) => r.method !== '*').map((r) => r.method));
  if (methods.size === 0) return [];
  if (methods.has('GET')) methods.add('HEAD');
  methods.add('OPTIONS');
  return [...methods];
}

/** How the server answers each request, given the routes, the listening port and what the user opened up. */
function answer(routes: Route[], port: () => number, options: ExposureOptions) {
  return async (request: IncomingMessage): Promise<Reply> => {
    const url = targetOf(request);
    if (url === undefined) return badRequest('request.target', 'the request target must be a path starting with /');
    const method = request.method ?? 'GET';
    const onPath = routes.filter(
      (r) =>
        r.path.test(url.pathname) &&
        (r.accepts === undefined || r.accepts({ query: url.searchParams, headers: request.headers })),
    );
    const route =
      onPath.find((r) => r.method === method || (method === 'HEAD' && r.method === 'GET')) ??
      (allowedMethods(onPath).length > 0 ? undefined : onPath.find((r) => r.method === '*'));
    const refused = refusal((route ?? onPath[0])?.exposure ?? 'api', request.headers, port(), options);
    if (refused !== undefined) {
      return {
        status: refused.status,
        body: { error: refused.error },
        ...(refused.headers ? { headers: refused.headers } : {}),
      };
    }
    if (route === undefined) {
      const allow = allowedMethods(onPath);
      if (allow.length === 0) return { status: 404, body: { error: `no route for ${method} ${url.pathname}` } };
      if (method === 'OPTIONS') return { status: 204, body: undefined, headers: { allow: allow.join(', ') } };
      const error = `method ${method} is not allowed on ${url.pathname}; allowed: ${allow.join(', ')}`;
      return { status: 405, body: { error }, headers: { allow: allow.join(', ') } };
    }
    const params = decodeParams(url.pathname, route.path);
    if (params === undefined)
      return badRequest('request.path', 'the path holds a bad percent-escape (such as % or %FF)');
    return route.handle({
      params,
      query: url.searchParams,
      body: () => readBody(request),
      rawBody: () => readBytes(request),
      method,
      headers: request.headers,
    });
  };
}

function failure(error: unknown): Reply {
  return error instanceof ApiError
    ? { status: error.status, body: error.body() }
    : { status: 500, body: { error: messageOf(error) } };
}

/**
 * Serves `routes` on 127.0.0.1:`port` (0 = any free port); resolves with the server and its port.
 * No request can throw past it: a bad target or escape is a 400, a failing route a 4xx/5xx answer.
 */
export async function serve(
  routes: Route[],
  port: number,
  options: ExposureOptions = {},
): Promise<{ server: Server; port: number }> {
  let listening = port;
  const respond = answer(routes, () => listening, options);
  const server = createServer((request, response) => {
    respond(request).then(
      (reply) => send(response, reply),
      (error: unknown) => send(response, failure(error)),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const address = server.address();
  listening = typeof address === 'object' && address !== null ? address.port : port;
  return { server, port: listening };
}
