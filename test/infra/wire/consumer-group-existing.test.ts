import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openProducer } from '../../../bus/log/index.js';
import { validateConfig } from '../../../infra/config/index.js';
import { startStreams } from '../../../infra/wire/streams.js';

const task = {
  name: 'reuse',
  source: { type: 'kafka', topic: 'cg-in', consumerGroup: { name: 'GID_existing', existing: true } },
  sink: { type: 'stdout' },
};

describe('consumerGroup: {name, existing: true}', () => {
  it('refuses to start a task whose group has no committed offsets, and starts it once the group has', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conflux-cg-'));
    const valid = validateConfig({ version: 1, tasks: [] });
    if (!valid.ok) throw new Error('bad test config');
    const streams = await startStreams(valid.config, { baseDir: dir, dataDir: join(dir, '.conflux'), port: 0 });
    try {
      const post = () =>
        fetch(`http://127.0.0.1:${streams.port}/api/tasks`, { method: 'POST', body: JSON.stringify(task) });
      const refused = await post();
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { error: string }).error).toBe(
        'task reuse cannot start: consumer group GID_existing has no committed offsets for topic cg-in on the embedded bus, and consumerGroup.existing says it must exist; use a group that has consumed cg-in, or drop existing: true to let conflux create it',
      );
      expect(streams.emulator.list()).toEqual([]);
      // created paused, it is refused when started, and shows why
      const url = `http://127.0.0.1:${streams.port}/api/tasks`;
      expect((await fetch(`${url}?start=false`, { method: 'POST', body: JSON.stringify(task) })).status).toBe(201);
      const start = await fetch(`${url}/reuse/start`, { method: 'POST' });
      expect(start.status).toBe(400);
      expect(streams.emulator.view('reuse')).toMatchObject({
        state: 'failed',
        reason: expect.stringContaining('GID_existing'),
      });
      await fetch(`${url}/reuse`, { method: 'DELETE' });

      const producer = await openProducer({ log: streams.log });
      await producer.send('cg-in', [{ value: '{"n":1}' }]);
      await producer.close();
      await streams.log.commit('GID_existing', 'cg-in', { 0: 0 });
      const started = await post();
      expect(started.status).toBe(201);
      expect(((await started.json()) as { state: string }).state).toBe('running');
    } finally {
      await streams.close();
    }

    // the group's offsets gone, the API task cannot start again: it comes back failed, and the emulator starts
    await rm(join(dir, '.conflux', 'groups', 'GID_existing'), { recursive: true });
    const again = await startStreams(valid.config, { baseDir: dir, dataDir: join(dir, '.conflux'), port: 0 });
    try {
      expect(again.emulator.view('reuse')).toMatchObject({
        state: 'failed',
        reason: expect.stringContaining('consumer group GID_existing has no committed offsets'),
      });
    } finally {
      await again.close();
    }
  });

  it('conflux.yaml with such a task does not start at all', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conflux-cg-'));
    const valid = validateConfig({ version: 1, tasks: [task] });
    if (!valid.ok) throw new Error('bad test config');
    await expect(startStreams(valid.config, { baseDir: dir, dataDir: join(dir, '.conflux'), port: 0 })).rejects.toThrow(
      'consumer group GID_existing has no committed offsets',
    );
  });
});
