import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';

const run = promisify(execFile);
const root = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

/** A user's project with conflux (and vitest) installed: node_modules links to this checkout. */
function userProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'conflux-user-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(root, join(dir, 'node_modules', 'conflux'));
  symlinkSync(join(root, 'node_modules', 'vitest'), join(dir, 'node_modules', 'vitest'));
  return dir;
}

async function runScaffoldedTests(dir: string) {
  const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
  return run(process.execPath, [vitest, 'run', '--root', dir, '--reporter', 'verbose'], {
    cwd: dir,
    env: { PATH: process.env.PATH, CI: '1' },
  });
}

describe('conflux new transform', () => {
  it.each([
    ['mjs', [], 'handler.mjs'],
    ['ts', ['--ts'], 'handler.ts'],
  ])(
    'scaffolds a %s handler whose generated test passes through the FUNCTION runtime',
    async (_kind, flags, file) => {
      const dir = userProject();
      const { code, stdout } = await runCli(['new', 'transform', 'enrich-orders', ...flags], { cwd: dir });
      expect(code).toBe(0);
      expect(stdout).toContain(
        `transform: { form: FUNCTION, handler: "transforms/enrich-orders/${file}#handler", timeoutMs: 3000 }`,
      );
      const event = JSON.parse(readFileSync(join(dir, 'transforms/enrich-orders/event.json'), 'utf8'));
      expect(event).toMatchObject({
        source: 'acs:alikafka',
        type: 'alikafka:Topic:Message',
        data: { topic: 'orders', key: 'ORD-1' },
      });

      const tried = await runCli(
        [
          'transform',
          'run',
          '--spec',
          `{"form":"FUNCTION","handler":"transforms/enrich-orders/${file}#handler"}`,
          '--event',
          'transforms/enrich-orders/event.json',
        ],
        { cwd: dir },
      );
      expect(tried.stdout).toBe(`${JSON.stringify({ id: event.id, topic: 'orders', key: 'ORD-1', status: 'paid' })}\n`);

      const tests = await runScaffoldedTests(dir);
      expect(tests.stdout).toMatch(/2 passed/);
    },
    120_000,
  );

  it('does not overwrite an existing handler unless --force', async () => {
    const dir = userProject();
    expect((await runCli(['new', 'transform', 'x'], { cwd: dir })).code).toBe(0);
    const again = await runCli(['new', 'transform', 'x'], { cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already has handler.mjs, event.json, handler.test.mjs (use --force to overwrite)');
    expect((await runCli(['new', 'transform', 'x', '--force'], { cwd: dir })).code).toBe(0);
  });

  it.each([
    [['new']],
    [['new', 'sink', 'x']],
    [['new', 'transform']],
    [['new', 'transform', 'Bad_Name']],
    [['new', 'transform', 'a', 'b']],
  ])('rejects %j with exit 2', async (args) => {
    expect((await runCli(args)).code).toBe(2);
  });
});
