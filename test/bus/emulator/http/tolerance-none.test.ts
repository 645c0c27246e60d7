import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALIBABA_STATES } from '../../../../bus/emulator/alibaba-states.js';
import { openProducer } from '../../../../bus/log/index.js';
import { validateConfig } from '../../../../infra/config/index.js';
import { type Streams, startStreams } from '../../../../infra/wire/streams.js';
import { waitFor } from '../../../helpers/process.js';

const task = (value: string) => ({
  name: 'strict',
  source: { type: 'kafka', topic: 'none-in', offset: 'earliest' },
  transform: { form: 'JSONPATH', value },
  sink: { type: 'file', path: 'out.txt' },
  errors: { tolerance: 'NONE' },
});

async function start(dir: string): Promise<Streams> {
  const valid = validateConfig({ version: 1, tasks: [] });
  if (!valid.ok) throw new Error('bad test config');
  return startStreams(valid.config, { baseDir: dir, dataDir: join(dir, '.conflux'), port: 0 });
}

const call = async (streams: Streams, path: string, method = 'GET', body?: unknown) => {
  const response = await fetch(`http://127.0.0.1:${streams.port}${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return (await response.json()) as Record<string, unknown>;
};

describe('tolerance NONE', () => {
  it('stops the task as failed (Alibaba: RUNNING_FAILED) with its reason, which survives a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conflux-none-'));
    let streams = await start(dir);
    try {
      await call(streams, '/api/tasks', 'POST', task('$.data.value.id'));
      const producer = await openProducer({ log: streams.log });
      await producer.send('none-in', [{ value: '{"no":"id"}' }]);
      await producer.close();
      await waitFor(() => streams.emulator.view('strict').state === 'failed', 'the task to fail');
      const failed = await call(streams, '/api/tasks/strict');
      expect(failed).toMatchObject({ state: 'failed', alibabaState: 'RUNNING_FAILED' });
      expect(failed.reason).toMatch(/\$\.data\.value\.id/);
      await streams.close();

      streams = await start(dir);
      const after = await call(streams, '/api/tasks/strict');
      expect(after).toMatchObject({ state: 'failed', alibabaState: 'RUNNING_FAILED', reason: failed.reason });
      // fixed and resumed, it delivers the event it stopped at (its offset was kept)
      await call(streams, '/api/tasks/strict', 'PUT', task('$.data.value.no'));
      expect(await call(streams, '/api/tasks/strict/resume', 'POST')).toMatchObject({ state: 'running' });
      await waitFor(async () => (await readFile(join(dir, 'out.txt'), 'utf8').catch(() => '')) === 'id\n', 'delivery');
    } finally {
      await streams.close();
    }
  });

  it("names every conflux state in Alibaba's terms", () => {
    expect(ALIBABA_STATES).toEqual({
      created: 'READY',
      running: 'RUNNING',
      paused: 'PAUSED',
      stopped: 'PAUSED',
      failed: 'RUNNING_FAILED',
    });
  });
});
