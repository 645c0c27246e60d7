import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { TaskStore, TaskStoreError, taskStorePath } from '../../../../bus/emulator/store/task-store.js';

const definition = (name: string, sink = 'file') => ({ name, source: { type: 'kafka' }, sink: { type: sink } });
type Definition = ReturnType<typeof definition>;

let dir: string;
let clock: number;
const now = () => new Date(clock);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'conflux-store-'));
  clock = Date.parse('2026-12-01T00:00:00Z');
});

describe('TaskStore', () => {
  it('keeps definitions, states, types, times and origin across a reopen', async () => {
    const store = await TaskStore.open<Definition>(dir, { now });
    await store.create({ definition: definition('a'), state: 'running', origin: 'api' });
    clock += 1000;
    await store.create({
      definition: definition('b'),
      state: 'running',
      origin: 'file',
      fileDefinition: definition('b'),
    });
    clock += 1000;
    await store.setState('a', 'failed', 'sink refused: 400');
    await store.update('b', definition('b', 'stdout'));
    await store.setState('b', 'paused', 'ignored: only failed keeps a reason');

    const again = await TaskStore.open<Definition>(dir);
    expect(again.list()).toEqual([
      {
        name: 'a',
        definition: definition('a'),
        state: 'failed',
        reason: 'sink refused: 400',
        sourceType: 'kafka',
        sinkType: 'file',
        createdAt: '2026-12-01T00:00:00.000Z',
        updatedAt: '2026-12-01T00:00:02.000Z',
        origin: 'api',
      },
      {
        name: 'b',
        definition: definition('b', 'stdout'),
        state: 'paused',
        sourceType: 'kafka',
        sinkType: 'stdout',
        createdAt: '2026-12-01T00:00:01.000Z',
        updatedAt: '2026-12-01T00:00:02.000Z',
        origin: 'file',
        fileDefinition: definition('b'),
      },
    ]);
    await again.setState('a', 'running');
    expect(again.get('a')).not.toHaveProperty('reason');
    await again.delete('a');
    expect((await TaskStore.open<Definition>(dir)).list().map((t) => t.name)).toEqual(['b']);
  });

  it('writes by replacing the file: no temporary file is left behind, changes land in call order', async () => {
    const store = await TaskStore.open<Definition>(dir);
    await store.create({ definition: definition('a'), state: 'running', origin: 'api' });
    const states = ['paused', 'running', 'failed', 'paused', 'stopped'] as const;
    await Promise.all(states.map((state) => store.setState('a', state, 'why')));
    expect((await TaskStore.open<Definition>(dir)).get('a')?.state).toBe('stopped');
    expect(await readdir(dir)).toEqual(['tasks.json']);
  });

  it('refuses a store file it cannot read back, naming the file', async () => {
    await writeFile(taskStorePath(dir), '{"version":1,"tasks":[{"name":"a"}]}');
    const error = await TaskStore.open(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskStoreError);
    expect((error as Error).message).toMatch(/tasks\.json: not a conflux task store .*move it aside/);
    await writeFile(taskStorePath(dir), '{"version":1,"tasks":[');
    await expect(TaskStore.open(dir)).rejects.toThrow(/not a conflux task store/);
  });

  it('starts empty without a file, and names an unknown task', async () => {
    const store = await TaskStore.open<Definition>(dir);
    expect(store.list()).toEqual([]);
    await expect(store.setState('nope', 'paused')).rejects.toThrow('the task store has no task named nope');
    await expect(readFile(taskStorePath(dir))).rejects.toThrow(/ENOENT/);
  });
});
