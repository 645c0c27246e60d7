import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleRoutes } from '../../../../bus/emulator/console/routes.js';
import { serve } from '../../../../bus/emulator/http/server.js';
import { consoleTesters } from '../../../../infra/wire/console-testers.js';

let server: Server;
let base: string;

beforeAll(async () => {
  const started = await serve(consoleRoutes(consoleTesters({ dialect: 'aws', baseDir: tmpdir() })), 0);
  server = started.server;
  base = `http://127.0.0.1:${started.port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const get = (path: string) => fetch(`${base}${path}`);

/** POSTs `body` (a value to send as JSON, or raw text) and reads the JSON answer. */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are JSON read only by assertions
async function post(path: string, body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json() };
}

describe('console pages', () => {
  it('serves the page at / and every module it loads, each with its content type', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/console/app.js">');
    const css = await get('/console/console.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    // Follow the imports from app.js: a module the page needs and the folder lacks fails here.
    const seen = new Set<string>();
    const pending = ['app.js'];
    while (pending.length > 0) {
      const file = pending.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const response = await get(`/console/${file}`);
      expect(response.status, file).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      for (const [, imported] of (await response.text()).matchAll(/from '\.\/([a-z-]+\.js)'/g)) pending.push(imported!);
    }
    expect([...seen].sort()).toEqual(
      expect.arrayContaining(['api.js', 'app.js', 'chart.js', 'deadletters.js', 'editor.js', 'tasks.js', 'tester.js']),
    );
  });

  it('answers 404 for a file that is not there, the TypeScript beside the assets, and paths out of the folder', async () => {
    for (const path of [
      '/console/nope.js',
      '/console/routes.ts',
      '/console/..%2Froutes.ts',
      '/console/%2e%2e%2fserver.ts',
    ]) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(((await response.json()) as { error: string }).error).toMatch(/no console file named|no route/);
    }
    expect((await get('/console/sub/app.js')).status).toBe(404);
  });
});

describe('POST /api/test/pattern', () => {
  const event = '{"source":"shop","detail":{"status":"paid"}}';

  it('answers match, no-match and invalid as `conflux pattern test` does', async () => {
    expect(await post('/api/test/pattern', { pattern: '{"detail":{"status":["paid"]}}', event })).toEqual({
      status: 200,
      body: { result: 'match' },
    });
    expect((await post('/api/test/pattern', { pattern: { source: ['bank'] }, event })).body).toEqual({
      result: 'no-match',
    });
    expect((await post('/api/test/pattern', { pattern: '{"source":[{"numeric":[">"]}]}', event })).body).toEqual({
      result: 'invalid',
      error: 'Event pattern is not valid. Reason: Value of > must be numeric at $.source[0].numeric[1]',
    });
    const alibaba = await post('/api/test/pattern', {
      pattern: '{"source":[{"prefix":""}]}',
      event,
      dialect: 'alibaba',
    });
    expect(alibaba.body.result).toBe('invalid');
  });

  it('refuses a body without what it needs with 400, naming the field', async () => {
    const cases: [unknown, string][] = [
      [undefined, 'request.body'],
      [[1, 2], 'request.body'],
      [{ event }, 'request.pattern'],
      [{ pattern: 7, event }, 'request.pattern'],
      [{ pattern: '{}' }, 'request.event'],
      [{ pattern: '{}', event: null }, 'request.event'],
      [{ pattern: '{}', event, dialect: 'gcp' }, 'request.dialect'],
    ];
    for (const [body, code] of cases) {
      const answer = await post('/api/test/pattern', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.code).toBe(code);
      if (code !== 'request.body') {
        const field = code.slice('request.'.length);
        expect(answer.body.error).toMatch(new RegExp(`^${field} `));
        expect(answer.body.issues).toEqual([{ path: field, message: expect.any(String) }]);
      }
    }
    const notJson = await post('/api/test/pattern', '{"pattern":');
    expect(notJson.status).toBe(400);
    expect(notJson.body.code).toBe('request.json');
  });
});

describe('POST /api/test/transform', () => {
  const event = JSON.stringify({ id: 'e1', data: { value: { id: 'o-1' } } });

  it('answers ok with the outputs, invalid for a rejected spec and error for an event that fails', async () => {
    expect(
      await post('/api/test/transform', { transform: { form: 'JSONPATH', value: '$.data.value.id' }, event }),
    ).toEqual({
      status: 200,
      body: { result: 'ok', outputs: ['o-1'] },
    });
    const spec = { form: 'TEMPLATE', value: { id: '$.data.value.id' }, template: 'order ${id}' };
    expect((await post('/api/test/transform', { transform: spec, event: JSON.parse(event) })).body).toEqual({
      result: 'ok',
      outputs: ['order o-1'],
    });
    expect((await post('/api/test/transform', { transform: { form: 'SHOUT' }, event })).body).toEqual({
      result: 'invalid',
      error: expect.stringContaining('unknown form "SHOUT"'),
    });
    expect(
      (await post('/api/test/transform', { transform: { form: 'JSONATA', expression: 'data.(' }, event })).body.result,
    ).toBe('invalid');
    expect(
      (await post('/api/test/transform', { transform: { form: 'JSONPATH', value: '$.nope' }, event })).body,
    ).toEqual({
      result: 'error',
      error: '$.nope: nothing selected',
    });
  });

  it('refuses a body without what it needs with 400, naming the field', async () => {
    const cases: [unknown, string][] = [
      [undefined, 'request.body'],
      [{ event }, 'request.transform'],
      [{ transform: 'ORIGINAL', event }, 'request.transform'],
      [{ transform: [{ form: 'ORIGINAL' }], event }, 'request.transform'],
      [{ transform: { form: 'ORIGINAL' } }, 'request.event'],
      [{ transform: { form: 'ORIGINAL' }, event: 3 }, 'request.event'],
    ];
    for (const [body, code] of cases) {
      const answer = await post('/api/test/transform', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.code).toBe(code);
      if (code !== 'request.body') expect(answer.body.error).toMatch(new RegExp(`^${code.slice('request.'.length)} `));
    }
  });
});
