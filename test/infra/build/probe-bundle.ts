/**
 * Builds a probe with the bundles' plugins and runs it alone (not a test file itself): `source` is a
 * handler.ts exporting `probe()`, written under dist/ so that it resolves the repository's
 * node_modules while building; the bundle then runs in a fresh Node process in an empty folder.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { bundleFunction } from '../../../infra/build/bundle.js';

const run = promisify(execFile);
const root = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

/** The bundle's size and what its `probe()` resolved to (JSON). */
export async function probeBundle(name: string, source: string): Promise<{ bytes: number; result: unknown }> {
  const dir = `dist/probes/${name}`;
  mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, dir, 'handler.ts'), source);
  const entry = { kind: 'sink', type: name, name: `probe-${name}`, dir } as const;
  const bundle = await bundleFunction(entry, { root, outDir: mkdtempSync(join(tmpdir(), 'conflux-probe-')) });
  const alone = mkdtempSync(join(tmpdir(), `conflux-probe-${name}-`));
  cpSync(dirname(bundle.file), alone, { recursive: true });
  const script =
    "const { probe } = await import('./index.mjs'); console.log(JSON.stringify(await probe())); process.exit(0);";
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    cwd: alone,
    env: { PATH: process.env.PATH ?? '' },
    timeout: 30_000,
  });
  return { bytes: bundle.bytes, result: JSON.parse(stdout) };
}
