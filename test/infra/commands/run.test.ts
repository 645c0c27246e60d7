import { mkdtemp, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { type CliProcess, spawnCli, waitFor } from '../../helpers/process.js';

const TOKEN = 'run-test-token-0123456789';

/** A GET with the Host and Authorization given (fetch would set Host itself). */
function get(port: number, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, setHost: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('conflux run --allow-host / --api-token', () => {
  let running: CliProcess | undefined;
  afterEach(() => {
    running?.child.kill('SIGKILL');
    running = undefined;
  });

  it('answers an allowed Host name, and the API only with the token', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conflux-run-'));
    await writeFile(join(dir, 'conflux.yaml'), 'version: 1\ntasks: []\n');
    const cli = spawnCli(['run', 'conflux.yaml', '--port', '0', '--allow-host', 'dev.box', '--api-token', TOKEN], {
      cwd: dir,
    });
    running = cli;
    let port = 0;
    await waitFor(() => {
      port = Number(/conflux emulator on http:\/\/127\.0\.0\.1:(\d+)/.exec(cli.stderr())?.[1] ?? 0);
      return port > 0 || cli.child.exitCode !== null;
    }, 'the emulator to start');
    expect(cli.stderr()).toContain('(API token required)');
    expect(await get(port, '/api/tasks', { host: 'dev.box', authorization: `Bearer ${TOKEN}` })).toBe(200);
    expect(await get(port, '/api/tasks', { host: 'dev.box' })).toBe(401);
    expect(await get(port, '/api/tasks', { host: 'other.box', authorization: `Bearer ${TOKEN}` })).toBe(403);
  });

  it('names the field of a task it cannot start, with the path as written, not the absolute one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conflux-run-'));
    const task =
      '  - { name: f, source: { type: http }, transform: { form: FUNCTION, handler: fns/missing.mjs#handler }, sink: { type: stdout } }';
    await writeFile(join(dir, 'conflux.yaml'), `version: 1\ntasks:\n${task}\n`);
    const result = await runCli(['run', 'conflux.yaml', '--port', '0', '--data-dir', join(dir, '.conflux')], {
      cwd: dir,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('transform.handler: handler file not found: fns/missing.mjs');
    expect(result.stderr).not.toContain(dir);
  });

  it('refuses a token too short to be one', async () => {
    const result = await runCli(['run', 'conflux.yaml', '--api-token', 'short']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--api-token must be at least 16 printable characters/);
  });
});
