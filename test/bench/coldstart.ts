/**
 * `npm run bench -- coldstart [--runs 7] [--only NAME,…]`: for every bundle, a fresh `node` process in
 * a folder holding only that bundle loads it and handles its first event (its trigger's recorded
 * event: SAMPLE_EVENTS); the wall time from spawn to exit, median of the runs, next to a bare
 * `node -e 0` timed in the same rounds (interleaved, so machine load hits both alike). One JSON line
 * per bundle plus one for bare Node. Target: ≤ 100 ms above bare Node and ≤ 300 KB per bundle;
 * exit 1 when a bundle misses it.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { registry } from '../../functions/registry.js';
import { type BuiltBundle, buildable, bundleFunction, MAX_BUNDLE_BYTES } from '../../infra/build/bundle.js';
import { SAMPLE_EVENTS, sampleEnv, sampleServices } from './coldstart/samples.js';

const exec = promisify(execFile);
const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '../..');
const TARGET_OVER_BARE_MS = 100;

// A failed first event fails the run: a batch with failures, an HTTP answer other than 200, or a throw.
const INVOKE = `import { handler } from './index.mjs';
import { readFileSync } from 'node:fs';
const result = await handler(JSON.parse(readFileSync('event.json', 'utf8')), {});
if (result.batchItemFailures?.length > 0 || (result.statusCode ?? 200) !== 200) { console.error(JSON.stringify(result)); process.exit(3); }
process.exit(0);
`;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const round = (x: number) => Math.round(x * 10) / 10;

async function timeProcess(args: string[], cwd: string, env: Record<string, string>): Promise<number> {
  const start = process.hrtime.bigint();
  await exec(process.execPath, args, { cwd, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Runs the benchmark; one JSON line per bundle and one for bare Node on stdout. */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { runs: { type: 'string' }, only: { type: 'string' } } });
  const runs = Math.max(5, Number(values.runs ?? 7));
  const only = values.only?.split(',');
  const { ready } = buildable(registry, ROOT);
  const entries = ready.filter((entry) => only === undefined || only.includes(entry.name));
  const work = mkdtempSync(join(tmpdir(), 'conflux-coldstart-'));
  const services = sampleServices();
  // As on Lambda, the runtime provides @aws-sdk (bundles leave it out): a node_modules above the task folders.
  mkdirSync(join(work, 'runtime/node_modules'), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules/@aws-sdk'), join(work, 'runtime/node_modules/@aws-sdk'), 'dir');
  try {
    const subjects: { bundle: BuiltBundle; dir: string; env: Record<string, string>; samples: number[] }[] = [];
    for (const entry of entries) {
      const bundle = await bundleFunction(entry, { root: ROOT, outDir: join(work, 'bundles') });
      const dir = join(work, 'runtime', entry.name);
      cpSync(dirname(bundle.file), dir, { recursive: true });
      writeFileSync(join(dir, 'invoke.mjs'), INVOKE);
      writeFileSync(
        join(dir, 'event.json'),
        readFileSync(join(ROOT, SAMPLE_EVENTS[entry.name] ?? SAMPLE_EVENTS.default!)),
      );
      writeFileSync(
        join(dir, 'handler.mjs'),
        'export const handler = async (e) => JSON.parse(e.toString()).map((x) => x.id);\n',
      );
      const env = await sampleEnv(entry.name, dir, services);
      if (env === undefined) {
        console.log(
          JSON.stringify({ bench: 'coldstart', name: entry.name, error: 'no sample settings for this bundle' }),
        );
        continue;
      }
      await timeProcess(['invoke.mjs'], dir, env); // warms the file cache (and creates the Kafka topic)
      subjects.push({ bundle, dir, env, samples: [] });
    }
    const bare: number[] = [];
    for (let round = 0; round < runs; round++) {
      bare.push(await timeProcess(['-e', '0'], work, {}));
      for (const s of subjects) s.samples.push(await timeProcess(['invoke.mjs'], s.dir, s.env));
    }
    const bareMs = median(bare);
    console.log(JSON.stringify({ bench: 'coldstart', name: 'node -e 0', runs, medianMs: round(bareMs) }));
    let missed = 0;
    for (const s of subjects) {
      const medianMs = median(s.samples);
      const overBareMs = medianMs - bareMs;
      const ok = overBareMs <= TARGET_OVER_BARE_MS && s.bundle.bytes <= MAX_BUNDLE_BYTES;
      if (!ok) missed++;
      const line = {
        bench: 'coldstart',
        name: s.bundle.name,
        bytes: s.bundle.bytes,
        runs,
        medianMs: round(medianMs),
        overBareMs: round(overBareMs),
        ok,
      };
      console.log(JSON.stringify(line));
    }
    return missed === 0 ? 0 : 1;
  } finally {
    await services.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
