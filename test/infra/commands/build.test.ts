import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';

const root = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

describe('conflux build', () => {
  it('bundles the chosen functions and prints a size report', async () => {
    const out = mkdtempSync(join(tmpdir(), 'conflux-build-'));
    const { code, stdout } = await runCli([
      'build',
      '--only',
      'transformer-jsonpath,transformer-function',
      '--out',
      out,
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^function\s+size\s+gzip\s+limit 300 KB$/m);
    expect(stdout).toMatch(
      /^transformer-jsonpath\s+\d+\.\d KB\s+\d+\.\d KB {2}ok {7}for nodejs22\.x; \+ \d+\.\d KB in chunks loaded by the tasks that need them$/m,
    );
    expect(stdout).toContain('2 bundles in');
    expect(existsSync(join(out, 'transformer-jsonpath', 'index.mjs'))).toBe(true);
    expect(existsSync(join(out, 'transformer-function', 'worker.mjs'))).toBe(true);
  });

  it("puts the FC worker beside a sink's bundle when run from another folder (a user's project)", async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'conflux-project-'));
    await promisify(execFile)(
      process.execPath,
      [join(root, 'bin/conflux.mjs'), 'build', '--only', 'sink-stdout', '--out', 'out'],
      {
        cwd: elsewhere,
      },
    );
    const files = readdirSync(join(elsewhere, 'out/sink-stdout')).sort();
    expect(files.filter((name) => !name.startsWith('chunk-'))).toEqual(['index.mjs', 'worker.mjs']);
    expect(files.some((name) => name.startsWith('chunk-'))).toBe(true); // the jsonata engine, split off
  }, 60_000);

  it('rejects an unknown function name', async () => {
    const { code, stderr } = await runCli(['build', '--only', 'transformer-xpath']);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown function transformer-xpath');
  });

  it('says why the NATS source has no bundle', async () => {
    const out = mkdtempSync(join(tmpdir(), 'conflux-build-'));
    const { code, stderr } = await runCli(['build', '--only', 'source-nats', '--out', out]);
    expect(code).toBe(0);
    expect(stderr).toContain('source-nats: no bundle: no AWS trigger invokes a nats source');
  });
});
