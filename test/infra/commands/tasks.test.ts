import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TaskStore } from '../../../bus/emulator/store/task-store.js';
import { checkConfigText, type TaskConfig, validateConfig } from '../../../infra/config/index.js';
import { runCli } from '../../helpers/cli.js';

describe('conflux tasks export', () => {
  it("writes the store's tasks as a conflux.yaml that validates to the same definitions", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conflux-export-'));
    const valid = validateConfig({
      version: 1,
      tasks: [
        { name: 'a', source: { type: 'kafka', topic: 't' }, sink: { type: 'file', path: 'a.jsonl' } },
        {
          name: 'b',
          source: { type: 'kafka', topic: 't', offset: 'earliest' },
          transform: { form: 'TEMPLATE', value: { n: '$.data.value.n' }, template: 'n=${n}' },
          sink: { type: 'stdout' },
          errors: { tolerance: 'NONE' },
        },
      ],
    });
    if (!valid.ok) throw new Error(JSON.stringify(valid.issues));
    const store = await TaskStore.open<TaskConfig>(join(dir, '.conflux'));
    const [a, b] = valid.config.tasks as [TaskConfig, TaskConfig];
    await store.create({ definition: a, state: 'running', origin: 'file', fileDefinition: a });
    await store.create({ definition: b, state: 'failed', reason: 'sink down', origin: 'api' });

    const exported = await runCli(['tasks', 'export'], { cwd: dir });
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain('#   b: failed (sink down), from api');
    const back = checkConfigText(exported.stdout);
    expect(back.ok && back.config.tasks).toEqual([a, b]);
  });

  it('exports an empty store as a file with no tasks, and names a wrong call', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conflux-export-'));
    const empty = await runCli(['tasks', 'export'], { cwd: dir });
    expect(checkConfigText(empty.stdout)).toMatchObject({ ok: true, config: { tasks: [] } });
    const wrong = await runCli(['tasks', 'import'], { cwd: dir });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('expected `export`');
  });
});
