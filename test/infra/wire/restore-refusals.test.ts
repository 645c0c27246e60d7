import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RestoreError } from '../../../bus/emulator/emulator.js';
import { TaskStore, taskStorePath } from '../../../bus/emulator/store/task-store.js';
import { type TaskConfig, validateConfig } from '../../../infra/config/index.js';
import { startStreams } from '../../../infra/wire/streams.js';

const definition = (name: string) => ({
  name,
  source: { type: 'kafka', topic: 'r-in' },
  sink: { type: 'stdout' },
});

function config(quota: number, names: string[]) {
  const valid = validateConfig({ version: 1, quota, tasks: names.map(definition) });
  if (!valid.ok) throw new Error(JSON.stringify(valid.issues));
  return valid.config;
}

/** A store holding `names` as running API tasks, with definitions as validation leaves them. */
async function storeWith(dataDir: string, names: string[]): Promise<void> {
  const store = await TaskStore.open<TaskConfig>(dataDir);
  for (const task of config(names.length, names).tasks)
    await store.create({ definition: task, state: 'running', origin: 'api' });
}

describe('a start the task store refuses', () => {
  it('refuses API tasks and file tasks together over the quota, naming both counts, and changes nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conflux-restore-'));
    const dataDir = join(dir, '.conflux');
    await storeWith(dataDir, ['a', 'b']);
    const before = await readFile(taskStorePath(dataDir), 'utf8');
    const error = await startStreams(config(2, ['c']), { baseDir: dir, dataDir, port: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestoreError);
    expect((error as Error).message).toBe(
      '3 tasks (1 in conflux.yaml, 2 made through the API) exceed the quota of 2; delete tasks or raise quota',
    );
    expect(await readFile(taskStorePath(dataDir), 'utf8')).toBe(before);
  });

  it('refuses a stored definition that is no longer valid, with its problems, and changes nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conflux-restore-'));
    const dataDir = join(dir, '.conflux');
    await storeWith(dataDir, ['a']);
    const text = (await readFile(taskStorePath(dataDir), 'utf8')).replace('"concurrency": 1', '"concurrency": 99');
    await writeFile(taskStorePath(dataDir), text);
    const error = await startStreams(config(20, []), { baseDir: dir, dataDir, port: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestoreError);
    expect((error as RestoreError).message).toBe('stored task a is no longer valid');
    expect((error as RestoreError).issues).toEqual([
      { path: ['concurrency'], message: 'must be an integer from 1 to 32 (got 99)' },
    ]);
    expect(await readFile(taskStorePath(dataDir), 'utf8')).toBe(text);
  });
});
