import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpIngress, type IngressRequest } from '../../../../bus/emulator/http/ingress.js';
import { serve } from '../../../../bus/emulator/http/server.js';

const ingress = new HttpIngress();
let base: string;
let close: () => Promise<void>;
beforeAll(async () => {
  const api = { method: 'GET', path: /^\/api\/ping$/, handle: async () => ({ status: 200, body: { pong: true } }) };
  const served = await serve([api, ingress.route()], 0);
  base = `http://127.0.0.1:${served.port}`;
  close = () => new Promise((resolve) => served.server.close(() => resolve()));
});
afterAll(async () => {
  await close();
});

describe('HttpIngress', () => {
  it('hands a registered path its requests with the raw body, any method, until unregistered', async () => {
    const seen: IngressRequest[] = [];
    const stop = ingress.register('/hooks/orders', async (request) => {
      seen.push(request);
      return { status: 202, body: { accepted: request.body.length } };
    });
    const answer = await fetch(`${base}/hooks/orders?x=1`, { method: 'PUT', body: 'not json ✓' });
    expect(answer.status).toBe(202);
    expect(await answer.json()).toEqual({ accepted: Buffer.byteLength('not json ✓') });
    expect(seen[0]).toMatchObject({ method: 'PUT', path: '/hooks/orders' });
    expect(seen[0]!.body.toString()).toBe('not json ✓');
    expect(seen[0]!.query.get('x')).toBe('1');
    stop();
    expect((await fetch(`${base}/hooks/orders`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('leaves the APIs their paths: reserved paths are refused, and routes before it win', async () => {
    for (const path of ['/', '/api/tasks', '/console/app.js', '/metrics']) {
      expect(() => ingress.register(path, async () => ({ status: 200, body: {} })), path).toThrow(
        /belongs to the emulator's own APIs/,
      );
    }
    expect(await (await fetch(`${base}/api/ping`)).json()).toEqual({ pong: true });
  });

  it('refuses a path another source already listens on', () => {
    const stop = ingress.register('/taken', async () => ({ status: 200, body: {} }));
    expect(() => ingress.register('/taken', async () => ({ status: 200, body: {} }))).toThrow(/already taken/);
    stop();
    ingress.register('/taken', async () => ({ status: 200, body: {} }))();
  });
});
