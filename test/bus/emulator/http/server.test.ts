import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '../../../../bus/emulator/http/server.js';

let port: number;
let close: () => Promise<void>;
beforeAll(async () => {
  const served = await serve(
    [
      { method: 'POST', path: /^\/echo$/, handle: async ({ body }) => ({ status: 200, body: await body() }) },
      {
        method: 'GET',
        path: /^\/items\/([^/]+)$/,
        handle: async ({ params }) => ({ status: 200, body: { item: params[0] } }),
      },
    ],
    0,
  );
  port = served.port;
  close = () => new Promise((resolve) => served.server.close(() => resolve()));
});
afterAll(async () => {
  await close();
});

/** A raw POST with the headers a browser (or curl) would send; Node's fetch would not let us set Origin freely. */
function post(headers: Record<string, string>, body = '{"a":1}'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/echo', method: 'POST', headers }, (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the emulator HTTP server', () => {
  it('answers requests without an Origin (curl, SDKs) and from its own origin (the console)', async () => {
    expect(await post({ 'content-type': 'text/plain' })).toEqual({ status: 200, body: '{"a":1}' });
    expect((await post({ origin: `http://127.0.0.1:${port}` })).status).toBe(200);
  });

  it('refuses what a page of another site sends, and opaque origins', async () => {
    for (const origin of ['http://evil.example', `http://localhost:${port + 1}`, 'null']) {
      const answer = await post({ origin, 'content-type': 'text/plain' });
      expect(answer.status, origin).toBe(403);
      expect(JSON.parse(answer.body).error).toMatch(/cross-site requests are refused/);
    }
  });
});

/** A raw request with any target and method (fetch would normalise the path and refuse some methods). */
function raw(
  method: string,
  target: string,
): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: target, method }, (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('requests the server must survive and answer as HTTP says', () => {
  it('answers 400 to bad percent-escapes in a path, and keeps serving', async () => {
    for (const target of ['/items/%', '/items/%FF', '/items/%E0%A4%A', '/items/%%']) {
      const answer = await raw('GET', target);
      expect(answer.status, target).toBe(400);
      expect(JSON.parse(answer.body).error).toMatch(/bad percent-escape/);
    }
    expect((await raw('GET', '/items/a%20b')).body).toBe('{"item":"a b"}');
  });

  it('answers HEAD like GET without a body, OPTIONS with Allow, and 405 with Allow for other methods', async () => {
    const head = await raw('HEAD', '/items/x');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    const options = await raw('OPTIONS', '/items/x');
    expect(options.status).toBe(204);
    expect(options.headers.allow).toBe('GET, HEAD, OPTIONS');
    const wrong = await raw('DELETE', '/echo');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('POST, OPTIONS');
    expect((await raw('GET', '/nothing-here')).status).toBe(404);
  });

  it('answers 400 naming the path to a request body nested deeper than 100 levels, never a stack overflow', async () => {
    const levels = 50_000;
    const answer = await post({}, `${'['.repeat(levels)}${']'.repeat(levels)}`);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({
      code: 'request.depth',
      error: expect.stringMatching(/^the request body nests deeper than 100 levels at \$\[0\]\[0\]/),
    });
  });

  it('forbids framing in every answer (clickjacking of the console)', async () => {
    const answer = await raw('GET', '/items/x');
    expect(answer.headers['x-frame-options']).toBe('DENY');
    expect(answer.headers['content-security-policy']).toBe("frame-ancestors 'none'");
  });
});
