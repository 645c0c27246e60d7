import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostAllowed } from '../../../../bus/emulator/http/exposure.js';
import { HttpIngress } from '../../../../bus/emulator/http/ingress.js';
import { serve } from '../../../../bus/emulator/http/server.js';

const TOKEN = 'a-long-enough-token-1234';
const ingress = new HttpIngress();
let port: number;
let close: () => Promise<void>;
const hooked: string[] = [];

beforeAll(async () => {
  const served = await serve(
    [
      { method: 'GET', path: /^\/api\/ping$/, handle: async () => ({ status: 200, body: { pong: true } }) },
      {
        method: 'GET',
        path: /^\/$/,
        exposure: 'page',
        handle: async () => ({ status: 200, text: '<p>', contentType: 'text/html' }),
      },
      ingress.route(),
    ],
    0,
    { allowHosts: ['box.example', 'other.example:8080'], apiToken: TOKEN },
  );
  port = served.port;
  ingress.register('/sources/hook', async ({ headers }) => {
    hooked.push(String(headers.host));
    return { status: 200, body: { ok: true } };
  });
  close = () => new Promise((resolve) => served.server.close(() => resolve()));
});
afterAll(async () => {
  await close();
});

/** A raw request, so Host, Origin and Authorization are exactly what a browser or attacker would send. */
function call(
  path: string,
  headers: Record<string, string>,
  method = 'GET',
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers, setHost: false }, (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
const bearer = { authorization: `Bearer ${TOKEN}` };

describe('who may reach the emulator (DNS rebinding, cross-site pages, the API token)', () => {
  it('answers the API for loopback Host names with its port, and names the user allowed', async () => {
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `LOCALHOST:${port}`,
      `[::1]:${port}`,
      'box.example:1234',
      'other.example:8080',
    ]) {
      expect((await call('/api/ping', { host, ...bearer })).status, host).toBe(200);
    }
  });

  it('refuses a rebinding name, a loopback name on another port, and a missing Host, naming what it answers', async () => {
    for (const host of [
      'evil.example',
      `evil.example:${port}`,
      `127.0.0.1:${port + 1}`,
      'localhost',
      'other.example:9090',
      `127.0.0.1.evil.example:${port}`,
    ]) {
      const answer = await call('/api/ping', { host, ...bearer });
      expect(answer.status, host).toBe(403);
      expect(JSON.parse(answer.body).error).toMatch(/--allow-host/);
    }
    expect((await call('/api/ping', bearer)).status).toBe(400); // HTTP/1.1 without Host: Node refuses it first
    expect((await call('/', { host: `evil.example:${port}` })).status).toBe(403);
  });

  it('refuses an Origin other than the loopback origin itself, even when Host is right', async () => {
    const host = `127.0.0.1:${port}`;
    expect((await call('/api/ping', { host, origin: `http://${host}`, ...bearer })).status).toBe(200);
    for (const origin of ['http://evil.example', `http://localhost:${port}`, `https://${host}`, 'null']) {
      expect((await call('/api/ping', { host, origin, ...bearer })).status, origin).toBe(403);
    }
  });

  it('asks for the API token on API routes (Bearer, or the SDK signature’s access key), not on the page', async () => {
    const host = `127.0.0.1:${port}`;
    const none = await call('/api/ping', { host });
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body).error).toMatch(/Authorization: Bearer/);
    expect((await call('/api/ping', { host, authorization: 'Bearer wrong-token-of-some-length' })).status).toBe(401);
    const sigv4 = `AWS4-HMAC-SHA256 Credential=${TOKEN}/20260101/us-east-1/events/aws4_request, SignedHeaders=host, Signature=ab`;
    expect((await call('/api/ping', { host, authorization: sigv4 })).status).toBe(200);
    expect((await call('/', { host })).status).toBe(200);
  });

  it('lets HTTP-source paths take any Host and Origin without the token, and gives them nothing else', async () => {
    const answer = await call('/sources/hook', { host: 'tunnel.example', origin: 'http://tools.example' }, 'POST');
    expect(answer.status).toBe(200);
    expect(hooked).toEqual(['tunnel.example']);
    // an API path under a foreign Host stays refused, however it is spelled
    expect((await call('/api/ping', { host: 'tunnel.example' })).status).toBe(403);
    expect((await call('/%61pi/ping', { host: 'tunnel.example' })).status).toBe(404);
  });
});

describe('hostAllowed', () => {
  it('takes a bare allowed name for any port, and port 80 for a Host without one', () => {
    expect(hostAllowed('127.0.0.1', 80)).toBe(true);
    expect(hostAllowed('127.0.0.1', 4010)).toBe(false);
    expect(hostAllowed('[::1]:4010', 4010)).toBe(true);
    expect(hostAllowed('[::1]', 4010)).toBe(false);
    expect(hostAllowed('dev.box', 4010, ['dev.box'])).toBe(true);
    expect(hostAllowed('dev.box:1', 4010, ['dev.box:2'])).toBe(false);
  });
});
