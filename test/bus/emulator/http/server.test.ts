import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '../../../../bus/emulator/http/server.js';

let port: number;
let close: () => Promise<void>;
beforeAll(async () => {
  const served = await serve(
    [{ method: 'POST', path: /^\/echo$/, handle: async ({ body }) => ({ status: 200, body: await body() }) }],
    0,
  );
  port = served.port;
  close = () => new Promise((resolve) => served.server.close(() => resolve()));
});
afterAll(async () => {
  await close();
});

/** A raw POST with the headers a browser (or curl) would send; Node's fetch would not let us set Origin freely. */
function post(headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/echo', method: 'POST', headers }, (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end('{"a":1}');
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
