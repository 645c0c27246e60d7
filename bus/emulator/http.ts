import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Emulator } from './emulator.js';

type Handler = (
  emulator: Emulator,
  match: RegExpMatchArray,
  request: IncomingMessage,
) => { status: number; body: unknown };

/** Method + path pattern → handler; the task API grows here. */
const routes: { method: string; path: RegExp; handle: Handler }[] = [
  { method: 'GET', path: /^\/api\/tasks$/, handle: (e) => ({ status: 200, body: { tasks: e.list() } }) },
  {
    method: 'GET',
    path: /^\/api\/tasks\/([^/]+)$/,
    handle: (e, m) => {
      const view = e.view(decodeURIComponent(m[1]!));
      return view ? { status: 200, body: view } : { status: 404, body: { error: `no task named ${m[1]}` } };
    },
  },
  { method: 'GET', path: /^\/healthz$/, handle: () => ({ status: 200, body: { ok: true } }) },
];

function respond(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/** Serves the emulator's HTTP APIs on 127.0.0.1:`port`; resolves with the bound port. */
export async function serve(emulator: Emulator, port: number): Promise<{ server: Server; port: number }> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0]!;
    for (const route of routes) {
      const match = route.method === request.method ? path.match(route.path) : null;
      if (match) {
        const { status, body } = route.handle(emulator, match, request);
        return respond(response, status, body);
      }
    }
    respond(response, 404, { error: `no route for ${request.method} ${path}` });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const address = server.address();
  return { server, port: typeof address === 'object' && address !== null ? address.port : port };
}
