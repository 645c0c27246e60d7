import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CliProcess, runCliProcess, spawnCli, waitFor } from '../helpers/process.js';

const config = (sourceType = 'kafka, topic: store-in, offset: earliest') => `version: 1
quota: 21
tasks:
  - name: from-file
    source: { type: ${sourceType} }
    sink: { type: file, path: from-file.jsonl }
`;

const apiTask = (name: string, path: string) => ({
  name,
  source: { type: 'kafka', topic: 'store-in', offset: 'earliest' },
  transform: { form: 'JSONPATH', value: '$.data.value.n' },
  sink: { type: 'file', path },
});

/** Starts `conflux run` on any free port; resolves once it serves, with a JSON client for its API. */
async function start(dir: string) {
  const proc = spawnCli(['run', 'conflux.yaml', '--port', '0'], { cwd: dir });
  let port: number | undefined;
  await waitFor(() => {
    port = Number(/conflux emulator on http:\/\/127\.0\.0\.1:(\d+)/.exec(proc.stderr())?.[1]) || undefined;
    return port !== undefined || proc.child.exitCode !== null;
  }, 'the emulator to listen');
  if (port === undefined) throw new Error(`conflux run did not start:\n${proc.stderr()}`);
  const api = async (path: string, method = 'GET', body?: unknown) => {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>) };
  };
  return { proc, api };
}

const lines = async (dir: string, file: string) =>
  (await readFile(join(dir, file), 'utf8').catch(() => '')).split('\n').filter(Boolean);

describe('the task store across a kill -9 of `conflux run`', () => {
  let running: CliProcess | undefined;
  afterEach(() => {
    running?.child.kill('SIGKILL');
    running = undefined;
  });

  it('brings every task back as it was: API tasks, their edits and pauses, a paused and edited file task', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conflux-store-e2e-'));
    await writeFile(join(dir, 'conflux.yaml'), config());
    const first = await start(dir);
    running = first.proc;
    const { api } = first;
    expect(first.proc.stderr()).toContain("quota: warning: quota 21 is above ApsaraMQ for Kafka's 20 connector tasks");
    expect((await api('/api/tasks', 'POST', apiTask('api-a', 'a.txt'))).status).toBe(201);
    expect((await api('/api/tasks', 'POST', apiTask('api-b', 'b.txt'))).status).toBe(201);
    expect((await api('/api/tasks/api-b/pause', 'POST')).body?.state).toBe('paused');
    expect((await api('/api/tasks', 'POST', apiTask('api-gone', 'gone.txt'))).status).toBe(201);
    expect((await api('/api/tasks/api-gone', 'DELETE')).status).toBe(204);
    expect((await api('/api/tasks/api-a', 'PUT', apiTask('api-a', 'a-edited.txt'))).status).toBe(200);
    expect((await api('/api/tasks/from-file/pause', 'POST')).body?.state).toBe('paused');
    const fileEdit = { name: 'from-file', source: { type: 'kafka', topic: 'store-in', offset: 'earliest' } };
    expect(
      (await api('/api/tasks/from-file', 'PUT', { ...fileEdit, sink: { type: 'file', path: 'f2.jsonl' } })).status,
    ).toBe(200);
    const before = (await api('/api/tasks')).body?.tasks as { name: string; createdAt: string }[];

    first.proc.child.kill('SIGKILL');
    await first.proc.exited;

    const second = await start(dir);
    running = second.proc;
    const tasks = (await second.api('/api/tasks')).body?.tasks as Record<string, unknown>[];
    expect(tasks.map((t) => [t.name, t.state, t.origin])).toEqual([
      ['from-file', 'paused', 'file'],
      ['api-a', 'running', 'api'],
      ['api-b', 'paused', 'api'],
    ]);
    expect(tasks.map((t) => t.createdAt)).toEqual(
      ['from-file', 'api-a', 'api-b'].map((name) => before.find((t) => t.name === name)?.createdAt),
    );
    expect((await second.api('/api/tasks/api-a')).body).toMatchObject({
      definition: { sink: { type: 'file', path: 'a-edited.txt' } },
    });
    expect((await second.api('/api/tasks/from-file')).body).toMatchObject({
      definition: { sink: { type: 'file', path: 'f2.jsonl' } },
    });
    // the running task runs, with its edited definition; the paused ones wait
    await runCliProcess(['produce', '--topic', 'store-in'], { cwd: dir, stdin: '{"n":7}\n' });
    await waitFor(async () => (await lines(dir, 'a-edited.txt')).length === 1, 'api-a to deliver after the restart');
    expect(await lines(dir, 'a-edited.txt')).toEqual(['7']);
    expect(await lines(dir, 'b.txt')).toEqual([]);
    second.proc.child.kill('SIGTERM');
    expect(await second.proc.exited).toBe(0);

    // a type change in the file is refused and nothing starts
    await writeFile(join(dir, 'conflux.yaml'), config('http'));
    const refused = await runCliProcess(['run', 'conflux.yaml', '--port', '0'], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('tasks[0].source.type: cannot change from kafka to http (delete the task first)');
    expect(refused.stderr).not.toContain('conflux emulator on');
  });
});
