import type { IncomingHttpHeaders } from 'node:http';
import { ApiError } from '../api-error.js';
import type { Reply, Route } from './server.js';

/** A request that arrived on a path an HTTP source listens on. */
export interface IngressRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** What answers requests on one path: the HTTP source of one task. */
export type IngressHandler = (request: IngressRequest) => Promise<Reply>;

/** Paths the emulator's own APIs use; an HTTP source cannot listen there. */
const RESERVED = [/^\/$/, /^\/api(\/|$)/, /^\/console(\/|$)/, /^\/metrics$/];

/**
 * The paths HTTP sources listen on, served by the emulator's one HTTP server (DESIGN.md: one
 * process on 127.0.0.1:4010): each task's HTTP source registers its path while it runs.
 */
export class HttpIngress {
  private readonly handlers = new Map<string, IngressHandler>();

  /** Starts answering `path`; the returned function stops. Throws when the path is taken or reserved. */
  register(path: string, handler: IngressHandler): () => void {
    if (RESERVED.some((reserved) => reserved.test(path))) {
      throw new ApiError(400, 'source.path', `source.path ${path} belongs to the emulator's own APIs; pick another`);
    }
    if (this.handlers.has(path)) {
      throw new ApiError(409, 'source.path', `source.path ${path} is already taken by another task's HTTP source`);
    }
    this.handlers.set(path, handler);
    return () => {
      if (this.handlers.get(path) === handler) this.handlers.delete(path);
    };
  }

  /** The route that hands requests to the registered handlers; mount it after every other route. */
  route(): Route {
    return {
      method: '*',
      path: /^(\/.*)$/,
      exposure: 'public', // webhooks arrive under any Host name; these paths reach nothing but their source
      handle: async ({ params, method, query, headers, rawBody }) => {
        const path = params[0]!;
        const handler = this.handlers.get(path);
        if (handler === undefined) return { status: 404, body: { error: `no route for ${method} ${path}` } };
        return handler({ method, path, query, headers, body: await rawBody() });
      },
    };
  }
}
