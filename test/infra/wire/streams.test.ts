import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../infra/config/index.js';
import { startStreams } from '../../../infra/wire/streams.js';

describe('startStreams', () => {
  it('serves the console, the task API, the EventBridge API and Prometheus on one port', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conflux-streams-'));
    const result = validateConfig({ version: 1, tasks: [] });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const streams = await startStreams(result.config, { baseDir: dir, dataDir: join(dir, '.conflux'), port: 0 });
    try {
      const at = (path: string, init?: RequestInit) => fetch(`http://127.0.0.1:${streams.port}${path}`, init);
      const page = await at('/');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect(await page.text()).toMatch(/<title>[^<]*conflux/i);
      expect(await (await at('/api/tasks')).json()).toEqual({ tasks: [] });
      const buses = await at('/', {
        method: 'POST',
        headers: { 'x-amz-target': 'AWSEvents.ListEventBuses', 'content-type': 'application/x-amz-json-1.1' },
        body: '{}',
      });
      expect(await buses.json()).toMatchObject({ EventBuses: [{ Name: 'default' }] });
      expect((await at('/metrics')).status).toBe(200);
    } finally {
      await streams.close();
    }
  });
});
