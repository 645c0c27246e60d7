import { copyFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openProducer } from '../../../bus/log/index.js';
import { validateConfig } from '../../../infra/config/index.js';
import { type Streams, startStreams } from '../../../infra/wire/streams.js';
import { waitFor } from '../../helpers/process.js';

const fixtures = fileURLToPath(new URL('../../functions/transformers/fixtures/', import.meta.url));

async function start(): Promise<{ dir: string; streams: Streams }> {
  const dir = await mkdtemp(join(tmpdir(), 'conflux-stuck-'));
  for (const file of ['hangs-loading.mjs', 'misbehaving.mjs']) await copyFile(join(fixtures, file), join(dir, file));
  const valid = validateConfig({ version: 1, quota: 1, tasks: [] });
  if (!valid.ok) throw new Error('bad test config');
  return { dir, streams: await startStreams(valid.config, { baseDir: dir, dataDir: join(dir, '.conflux'), port: 0 }) };
}

describe('a FUNCTION handler that never finishes', () => {
  it('loading: the task fails to start within its time limit, keeps no name or slot, and its webhook answers', async () => {
    const { streams } = await start();
    try {
      const post = (path: string, body: unknown) =>
        fetch(`http://127.0.0.1:${streams.port}${path}`, {
          method: 'POST',
          body: JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
        });
      const task = (name: string, handler: string) => ({
        name,
        source: { type: 'http', path: '/hooks/stuck' },
        transform: { form: 'FUNCTION', handler, timeoutMs: 500 },
        sink: { type: 'file', path: 'out.jsonl' },
      });
      const started = Date.now();
      const created = await post('/api/tasks', task('stuck', 'hangs-loading.mjs#handler'));
      expect(created.status).toBe(400);
      expect(await created.json()).toMatchObject({
        code: 'task.start',
        error:
          'task stuck cannot start: handler: handler did not finish loading within 1000 ms (loading counts against timeoutMs)',
      });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(streams.emulator.list()).toEqual([]);
      expect((await post('/hooks/stuck', { n: 1 })).status).toBe(404);
      const sinkStuck = await post('/api/tasks', {
        ...task('stuck', 'misbehaving.mjs#slow'),
        sink: { type: 'function', handler: 'hangs-loading.mjs#handler', timeoutMs: 500 },
      });
      expect(sinkStuck.status).toBe(400);
      expect(await sinkStuck.json()).toMatchObject({
        error: expect.stringMatching(/did not finish loading within 1000 ms/),
      });
      // the name and the only quota slot are free again
      expect((await post('/api/tasks', task('stuck', 'misbehaving.mjs#slow'))).status).toBe(201);
      expect((await post('/hooks/stuck', { n: 1 })).status).toBe(200);
    } finally {
      await streams.close();
    }
  });

  it.each([
    ['transform', { transform: { form: 'FUNCTION', handler: 'misbehaving.mjs#hangs', timeoutMs: 600_000 } }],
    ['sink', { sink: { type: 'function', handler: 'misbehaving.mjs#hangs', timeoutMs: 600_000 } }],
  ])(
    'a call (%s): shutdown terminates the worker at once, and the event stays uncommitted, not dead-lettered',
    async (_where, stuck) => {
      const { streams } = await start();
      let closed = false;
      try {
        await streams.emulator.create({
          name: 'hangs',
          source: { type: 'kafka', topic: 'function-stuck', offset: 'earliest' },
          sink: { type: 'file', path: 'out.jsonl' },
          errors: { tolerance: 'ALL', deadLetter: { type: 'kafka', topic: 'function-stuck-dlq' } },
          ...stuck,
        });
        const producer = await openProducer({ log: streams.log });
        await producer.send('function-stuck', [{ key: 'k', value: '{"n":1}' }]);
        await producer.close();
        await waitFor(() => streams.emulator.view('hangs').metrics.eventsIn === 1, 'the event in the handler');
        const stopping = Date.now();
        await streams.emulator.stopAll();
        expect(Date.now() - stopping).toBeLessThan(5000);
        const view = streams.emulator.view('hangs');
        expect(view.metrics).toMatchObject({ eventsOut: 0, deadLettered: 0, dropped: 0 });
        const lag = (await streams.emulator.offsets('hangs')).reduce((sum, p) => sum + p.lag, 0);
        expect(lag).toBe(1);
        await streams.close();
        closed = true;
      } finally {
        if (!closed) await streams.close();
      }
    },
  );
});
