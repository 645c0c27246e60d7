import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openProducer } from '../../../../bus/log/index.js';
import { validateConfig } from '../../../../infra/config/index.js';
import { type Streams, startStreams } from '../../../../infra/wire/streams.js';
import { waitFor } from '../../../helpers/process.js';

let dir: string;
let streams: Streams;
// biome-ignore lint/suspicious/noExplicitAny: response bodies are JSON read only by assertions
let api: (path: string, init?: { method?: string; body?: unknown }) => Promise<{ status: number; body: any }>;

const task = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  source: { type: 'kafka', topic: 'orders', offset: 'earliest' },
  sink: { type: 'file', path: `${name}.jsonl` },
  ...extra,
});

async function produce(values: unknown[]): Promise<void> {
  const producer = await openProducer({ log: streams.log });
  await producer.send(
    'orders',
    values.map((v, i) => ({ key: `k${i}`, value: JSON.stringify(v) })),
  );
  await producer.close();
}

const lines = async (file: string) =>
  (await readFile(join(dir, file), 'utf8').catch(() => '')).split('\n').filter(Boolean);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'conflux-api-'));
  const valid = validateConfig({ version: 1, quota: 2, tasks: [] });
  if (!valid.ok) throw new Error('bad test config');
  streams = await startStreams(valid.config, { baseDir: dir, dataDir: join(dir, '.conflux'), port: 0 });
  api = async (path, init = {}) => {
    const response = await fetch(`http://127.0.0.1:${streams.port}${path}`, {
      method: init.method ?? 'GET',
      ...(init.body === undefined
        ? {}
        : { body: JSON.stringify(init.body), headers: { 'content-type': 'application/json' } }),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
  };
});

afterEach(async () => {
  await streams.close();
});

describe('task API', () => {
  it('creates a task that runs, shows its metrics, pauses, resumes and deletes it', async () => {
    const created = await api('/api/tasks', { method: 'POST', body: task('copy') });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'copy', state: 'running' });
    await produce([{ n: 1 }, { n: 2 }, { n: 3 }]);
    await waitFor(async () => (await api('/api/tasks/copy')).body.metrics.eventsOut === 3, 'three delivered');
    expect(await lines('copy.jsonl')).toHaveLength(3);
    const metrics = await api('/api/tasks/copy/metrics');
    expect(metrics.body.metrics).toMatchObject({ eventsIn: 3, eventsOut: 3, backlog: 0 });
    expect(metrics.body.metrics.tps).toBeGreaterThan(0);
    expect((await api('/api/tasks/copy/pause', { method: 'POST' })).body.state).toBe('paused');
    await produce([{ n: 4 }]);
    expect((await api('/api/tasks/copy/metrics')).body.metrics.backlog).toBe(1);
    expect((await api('/api/tasks/copy/resume', { method: 'POST' })).body.state).toBe('running');
    await waitFor(async () => (await lines('copy.jsonl')).length === 4, 'the fourth line after resume');
    expect((await api('/api/tasks')).body.tasks.map((t: { name: string }) => t.name)).toEqual(['copy']);
    expect((await api('/api/tasks/copy', { method: 'DELETE' })).status).toBe(204);
    expect((await api('/api/tasks/copy')).status).toBe(404);
  });

  it('refuses invalid definitions with each problem and its path, taken names, and the quota', async () => {
    const bad = await api('/api/tasks', { method: 'POST', body: { ...task('bad'), concurrency: 99, sonk: 1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['concurrency', 'sonk']);
    expect((await api('/api/tasks', { method: 'POST', body: task('a') })).status).toBe(201);
    expect((await api('/api/tasks', { method: 'POST', body: task('a') })).status).toBe(409);
    expect((await api('/api/tasks', { method: 'POST', body: task('b') })).status).toBe(201);
    const over = await api('/api/tasks', { method: 'POST', body: task('c') });
    expect(over.status).toBe(400);
    expect(over.body.error).toContain('quota of 2');
    expect((await api('/api/tasks', { method: 'POST', body: undefined })).status).toBe(400);
  });

  it('updates a task in place but refuses to change its sink type', async () => {
    await api('/api/tasks', { method: 'POST', body: task('t') });
    const typeChange = await api('/api/tasks/t', { method: 'PUT', body: { ...task('t'), sink: { type: 'stdout' } } });
    expect(typeChange.status).toBe(400);
    expect(typeChange.body.issues[0].path).toBe('sink.type');
    const updated = await api('/api/tasks/t', {
      method: 'PUT',
      body: { ...task('t'), filter: { data: { value: { n: [2] } } } },
    });
    expect(updated.status).toBe(200);
    await produce([{ n: 1 }, { n: 2 }]);
    await waitFor(async () => (await api('/api/tasks/t/metrics')).body.metrics.eventsIn === 2, 'both events read');
    expect((await lines('t.jsonl')).map((l) => JSON.parse(l).data.value.n)).toEqual([2]);
  });

  it('dead-letters events whose transform fails, lists them, and redrives them after a fix', async () => {
    const spec = { form: 'JSONPATH', value: '$.data.value.id' };
    const body = task('dl', {
      transform: spec,
      errors: { tolerance: 'ALL', deadLetter: { type: 'kafka', topic: 'dl-dlq' } },
    });
    await api('/api/tasks', { method: 'POST', body });
    await produce([{ id: 'a' }, { nope: 1 }, { id: 'c' }]);
    await waitFor(async () => (await api('/api/tasks/dl/metrics')).body.metrics.deadLettered === 1, 'one dead letter');
    expect(await lines('dl.jsonl')).toEqual(['a', 'c']);
    const listed = (await api('/api/tasks/dl/deadletters')).body.deadLetters;
    expect(listed).toHaveLength(1);
    expect(listed[0].deadLetter).toMatchObject({ task: 'dl', sink: 'file', attempts: 1, data: { value: { nope: 1 } } });
    expect(listed[0].deadLetter.errormessage).toMatch(/\$\.data\.value\.id/);
    await api('/api/tasks/dl', {
      method: 'PUT',
      body: { ...body, transform: { form: 'JSONPATH', value: '$.data.value' } },
    });
    // a misspelt key or a body that is not an object is refused, never read as "redrive all"
    for (const bad of [{ id: [listed[0].id] }, { ids: [listed[0].id], all: true }, [listed[0].id], 'all']) {
      const refused = await api('/api/tasks/dl/deadletters/redrive', { method: 'POST', body: bad });
      expect(refused.status, JSON.stringify(bad)).toBe(400);
    }
    const misspelt = await api('/api/tasks/dl/deadletters/redrive', { method: 'POST', body: { id: ['x'] } });
    expect(misspelt.body).toMatchObject({ issues: [{ path: 'id', message: 'unknown key; allowed keys: ids, again' }] });
    expect((await lines('dl.jsonl')).length).toBe(2);
    const redriven = await api('/api/tasks/dl/deadletters/redrive', { method: 'POST', body: { ids: [listed[0].id] } });
    expect(redriven.body).toMatchObject({ redriven: 1, delivered: 1 });
    expect((await lines('dl.jsonl')).at(-1)).toBe('{"nope":1}');
  });

  it('serves Prometheus metrics for every task', async () => {
    await api('/api/tasks', { method: 'POST', body: task('prom') });
    await produce([{ n: 1 }]);
    await waitFor(async () => (await api('/api/tasks/prom')).body.metrics.eventsOut === 1, 'one delivered');
    const text = await (await fetch(`http://127.0.0.1:${streams.port}/metrics`)).text();
    expect(text).toContain('conflux_task_events_delivered_total{task="prom"} 1');
    expect(text).toContain('conflux_task_running{task="prom",state="running"} 1');
  });
});

describe('task API offsets', () => {
  it('shows a task group offsets and, once paused, resets them so a resume delivers again', async () => {
    await api('/api/tasks', { method: 'POST', body: task('again') });
    await produce([{ n: 1 }, { n: 2 }]);
    await waitFor(async () => (await api('/api/tasks/again')).body.metrics.eventsOut === 2, 'two delivered');
    const shown = (await api('/api/tasks/again/offsets')).body.offsets;
    expect(shown.reduce((sum: number, p: { committed: number | null }) => sum + (p.committed ?? 0), 0)).toBe(2);
    const refused = await api('/api/tasks/again/offsets/reset', { method: 'POST', body: { earliest: true } });
    expect(refused.status).toBe(409);
    await api('/api/tasks/again/pause', { method: 'POST' });
    const bad = await api('/api/tasks/again/offsets/reset', { method: 'POST', body: { earliest: 'yes', wat: 1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.length).toBeGreaterThan(0);
    const moved = await api('/api/tasks/again/offsets/reset', { method: 'POST', body: { earliest: true } });
    expect(moved.status).toBe(200);
    expect((await api('/api/tasks/again/metrics')).body.metrics.backlog).toBe(2);
    await api('/api/tasks/again/resume', { method: 'POST' });
    await waitFor(async () => (await lines('again.jsonl')).length === 4, 'both events delivered a second time');
  });
});
