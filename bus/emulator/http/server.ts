import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { messageOf } from '../../errors.js';
import { ApiError } from '../api-error.js';

/** What a route answers: a status and a JSON body, or raw text with its content type. */
export type Reply = { status: number; body: unknown } | { status: number; text: string; contentType: string };

/** One route: method (`*`: any), path pattern (captures are decoded into `params`), and its handler. */
export interface Route {
  method: string;
  path: RegExp;
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
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, 'request.json', `the request body is not JSON: ${messageOf(error)}`);
  }
}

function send(response: ServerResponse, reply: Reply): void {
  if ('text' in reply) {
    response.writeHead(reply.status, { 'content-type': reply.contentType });
    response.end(reply.text);
    return;
  }
  response.writeHead(reply.status, { 'content-type': 'application/json' });
  response.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
}

/**
 * True for a request a browser sends from a page of another site (its Origin names another host).
 * The APIs create tasks that write files and load handlers, so a web page the user happens to
 * visit must not be able to drive them; curl and the SDKs send no Origin and are not affected.
 */
function fromAnotherSite(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  try {
    return new URL(origin).host !== request.headers.host;
  } catch {
    return true; // "null" and other opaque origins
  }
}

/** Serves `routes` on 127.0.0.1:`port` (0 = any free port); resolves with the server and its port. */
export async function serve(routes: Route[], port: number): Promise<{ server: Server; port: number }> {
  const server = createServer((request, response) => {
    if (fromAnotherSite(request)) {
      return send(response, {
        status: 403,
        body: { error: 'cross-site requests are refused: use the console on this host, curl or an SDK' },
      });
    }
    const url = new URL(request.url ?? '/', 'http://localhost');
    const route = routes.find(
      (r) =>
        (r.method === '*' || r.method === request.method) &&
        r.path.test(url.pathname) &&
        (r.accepts === undefined || r.accepts({ query: url.searchParams, headers: request.headers })),
    );
    if (route === undefined)
      return send(response, { status: 404, body: { error: `no route for ${request.method} ${url.pathname}` } });
    const params = (url.pathname.match(route.path) ?? []).slice(1).map((p) => decodeURIComponent(p));
    route
      .handle({
        params,
        query: url.searchParams,
        body: () => readBody(request),
        rawBody: () => readBytes(request),
        method: request.method ?? 'GET',
        headers: request.headers,
      })
      .then(
        (reply) => send(response, reply),
        (error: unknown) =>
          send(
            response,
            error instanceof ApiError
              ? { status: error.status, body: error.body() }
              : { status: 500, body: { error: messageOf(error) } },
          ),
      );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const address = server.address();
  return { server, port: typeof address === 'object' && address !== null ? address.port : port };
}
