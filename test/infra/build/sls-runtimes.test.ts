import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderServerless } from '../../../infra/build/serverless.js';
import { findServerlessCli, runServerlessPackage, runtimeNote, type ServerlessCli } from '../../../infra/build/sls.js';
import { zipFiles } from '../../../infra/build/zip.js';
import type { LambdaRuntime } from '../../../infra/config/runtimes.js';

const root = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const installed = (name: string): ServerlessCli => {
  const cli = [findServerlessCli(root), findServerlessCli(root, 'nodejs24.x')].find((c) => c?.name === name);
  if (cli === undefined) throw new Error(`${name}@3 is not installed (package.json devDependencies has it)`);
  return cli;
};

/** `serverless package` of a one-function serverless.yml on `runtime`: its exit code, output and the template's runtime. */
async function packageOn(cli: ServerlessCli, runtime: LambdaRuntime) {
  const dir = mkdtempSync(join(tmpdir(), `conflux-sls-${runtime}-`));
  writeFileSync(
    join(dir, 'f.zip'),
    zipFiles([{ name: 'index.mjs', data: Buffer.from('export const handler = async () => 1;\n') }]),
  );
  writeFileSync(
    join(dir, 'serverless.yml'),
    renderServerless([{ name: 'f', artifact: 'f.zip' }], { service: 'conflux-runtime', runtime }),
  );
  const { code, output } = await runServerlessPackage(cli, dir);
  const template = JSON.parse(
    readFileSync(join(dir, '.serverless/cloudformation-template-update-stack.json'), 'utf8'),
  ) as {
    Resources: Record<string, { Type: string; Properties: { Runtime?: string } }>;
  };
  const runtimes = Object.values(template.Resources)
    .filter((r) => r.Type === 'AWS::Lambda::Function')
    .map((r) => r.Properties.Runtime);
  return { code, output, runtimes };
}

const INVALID_RUNTIME =
  /Invalid configuration[\s\S]*at 'provider\.runtime': must be equal to one of the allowed values/;

describe('the Lambda runtimes with the real v3 CLIs, offline', () => {
  // nodejs22.x alike (one run each here; the repository's serverless.yml, on nodejs22.x, is packaged by osls in serverless-zips.test.ts)
  it.each(['nodejs24.x'] as const)(
    'serverless 3.40 does not know %s: it warns and packages all the same; conflux says so and names osls',
    async (runtime) => {
      const cli = installed('serverless');
      const { code, output, runtimes } = await packageOn(cli, runtime);
      expect(output).toMatch(INVALID_RUNTIME);
      expect(code).toBe(0);
      expect(runtimes).toEqual([runtime]);
      expect(runtimeNote(cli, 'nodejs22.x')).toContain('does not know nodejs22.x');
      expect(runtimeNote(cli, runtime)).toMatch(
        new RegExp(
          `^serverless 3\\.\\d+\\.\\d+ does not know ${runtime.replace('.', '\\.')} \\(its schema ends at nodejs20\\.x\\).*osls`,
        ),
      );
    },
    60_000,
  );

  it.each(['nodejs24.x'] as const)(
    'osls 3.77 (the workaround) packages %s with no warning',
    async (runtime) => {
      const cli = installed('osls');
      const { code, output, runtimes } = await packageOn(cli, runtime);
      expect(output).not.toMatch(/Invalid configuration/);
      expect(code).toBe(0);
      expect(runtimes).toEqual([runtime]);
      expect(runtimeNote(cli, runtime)).toBeUndefined();
    },
    60_000,
  );
});
