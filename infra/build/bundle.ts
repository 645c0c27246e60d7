import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import type { FunctionEntry } from '../../functions/entry.js';
import { registry } from '../../functions/registry.js';
import { bundleTarget, DEFAULT_LAMBDA_RUNTIME, type DeployRuntime } from '../config/runtimes.js';
import { trimPlugins } from './trim/index.js';

/** The most a bundle may weigh (issue 6): deploy packages stay small and cold starts short. */
export const MAX_BUNDLE_BYTES = 300 * 1024;

/** The module that starts Function Compute handler workers, and the worker script it starts by path. */
const FC_RUNTIME = 'functions/transformers/runtime/isolate.ts';
const FC_WORKER = 'functions/transformers/runtime/worker.mjs';

/** One built function: where its bundle is and how big it is. */
export interface BuiltBundle {
  name: string;
  file: string;
  bytes: number;
  gzipBytes: number;
  /** The runtime it was built for, and the esbuild target that follows (its first line says both). */
  runtime: DeployRuntime;
  target: string;
  /** Plain-JS runtime files of the function's folder copied beside the bundle (a worker script). */
  assets: string[];
  /** Code split off `index.mjs`, loaded only by the tasks that need it (the jsonata engine): file names and bytes. */
  chunks: { name: string; bytes: number }[];
}

/** Where and how to build. */
export interface BundleOptions {
  /** The repository root (function `dir`s are relative to it). */
  root: string;
  /** Bundles go to `<outDir>/<name>/index.mjs`; default `<root>/dist/functions`. */
  outDir?: string;
  minify?: boolean;
  /** The oldest runtime the bundle will meet: its esbuild target; default DEFAULT_LAMBDA_RUNTIME. */
  runtime?: DeployRuntime;
}

// Bundles are ES modules; a CommonJS dependency that calls `require` for a Node built-in needs one.
const REQUIRE_SHIM =
  "import { createRequire as __conflux_cr } from 'node:module'; const require = __conflux_cr(import.meta.url);";

/** The first line of every bundle: what it was built for. */
const builtForLine = (runtime: DeployRuntime, target: string) =>
  `// conflux bundle for ${runtime} (esbuild target ${target})`;

/**
 * What a bundle says it was built for, from its first line (undefined for a file that is no
 * conflux bundle), so a test can hold it to the runtime its deployment file names.
 *
 * @example builtFor(readFileSync('index.mjs', 'utf8')) // { runtime: 'nodejs22.x', target: 'node22' }
 */
export function builtFor(code: string): { runtime: string; target: string } | undefined {
  const match = /^\/\/ conflux bundle for (\S+) \(esbuild target (\S+)\)\n/.exec(code);
  return match === null ? undefined : { runtime: match[1]!, target: match[2]! };
}

/** The function's bundle entry: `<dir>/handler.ts`, exporting `handler` (Lambda) and `fcHandler` (FC 3.0). */
export function entryFile(entry: FunctionEntry, root: string): string {
  return resolve(root, entry.dir, 'handler.ts');
}

/**
 * Bundles one function with esbuild into a single ES module that runs with no node_modules
 * beside it: everything inlined except `@aws-sdk/*` (the Lambda runtime provides it), minified,
 * for the Node.js of `options.runtime` (the oldest runtime it will meet). Plain `.mjs` files in the function's folder, and the Function Compute worker when the
 * bundle holds the runtime that starts it by path (FUNCTION transforms, and every sink, since a
 * sink runs its task's transform), are copied beside `index.mjs`.
 *
 * @example await bundleFunction(findFunction('transformer', 'JSONPATH')!, { root: process.cwd() })
 */
export async function bundleFunction(entry: FunctionEntry, options: BundleOptions): Promise<BuiltBundle> {
  const outDir = join(options.outDir ?? resolve(options.root, 'dist/functions'), entry.name);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, 'index.mjs');
  const runtime = options.runtime ?? DEFAULT_LAMBDA_RUNTIME;
  const target = bundleTarget(runtime);
  const { metafile } = await build({
    entryPoints: { index: entryFile(entry, options.root) },
    absWorkingDir: resolve(options.root), // metafile paths relative to the repository, wherever conflux runs
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    // what only some tasks need (the jsonata engine, loaded by loadJsonata) goes to a chunk beside index.mjs
    splitting: true,
    chunkNames: 'chunk-[name]-[hash]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target,
    minify: options.minify ?? true,
    treeShaking: true,
    external: ['@aws-sdk/*'],
    plugins: trimPlugins(),
    banner: { js: `${builtForLine(runtime, target)}\n${REQUIRE_SHIM}` },
    legalComments: 'none',
    logLevel: 'silent',
    metafile: true,
  });
  const folder = resolve(options.root, entry.dir);
  const assets = readdirSync(folder)
    .filter((name) => name.endsWith('.mjs'))
    .map((name) => join(folder, name));
  if (Object.keys(metafile.inputs).includes(FC_RUNTIME)) assets.push(resolve(options.root, FC_WORKER));
  for (const asset of assets) copyFileSync(asset, join(outDir, basename(asset)));
  const bytes = readFileSync(file);
  const chunks = Object.entries(metafile.outputs)
    .filter(([path]) => path.endsWith('.mjs') && basename(path) !== 'index.mjs')
    .map(([path, output]) => ({ name: basename(path), bytes: output.bytes }));
  return {
    name: entry.name,
    file,
    bytes: bytes.length,
    gzipBytes: gzipSync(bytes).length,
    runtime,
    target,
    assets: assets.map((asset) => basename(asset)).sort(),
    chunks,
  };
}

/** `; + jsonata chunk 80.1 KB, loaded by JSONATA tasks only` when code was split off. */
function chunkNote(bundle: BuiltBundle): string {
  const bytes = bundle.chunks.reduce((sum, chunk) => sum + chunk.bytes, 0);
  return bytes === 0 ? '' : `; + ${(bytes / 1024).toFixed(1)} KB in chunks loaded by the tasks that need them`;
}

/** The entries that are deployed (declared with `triggers`) and have a bundle entry yet, and the names of the others. */
export function buildable(
  entries: readonly FunctionEntry[],
  root: string,
): { ready: FunctionEntry[]; missing: string[] } {
  const ready = entries.filter((entry) => entry.triggers !== undefined && existsSync(entryFile(entry, root)));
  const missing = entries.filter((entry) => !ready.includes(entry)).map((entry) => entry.name);
  return { ready, missing };
}

/**
 * Why a function has no bundle, in a few words: a source declared without `triggers` (NATS: no AWS
 * trigger invokes it), or a function whose folder has no handler.ts yet.
 *
 * @example whyNoBundle('source-nats') // 'no AWS trigger invokes a nats source (conflux run runs it)'
 */
export function whyNoBundle(name: string, entries: readonly FunctionEntry[] = registry): string {
  const entry = entries.find((each) => each.name === name);
  return entry !== undefined && entry.triggers === undefined
    ? `no AWS trigger invokes a ${entry.type} ${entry.kind} (conflux run runs it)`
    : 'no handler.ts yet';
}

/** A size report: one row per bundle, with KB, gzip KB, whether it is within the limit and the runtime it was built for. */
export function sizeReport(bundles: readonly BuiltBundle[]): string {
  const width = Math.max(8, ...bundles.map((b) => b.name.length));
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`.padStart(10);
  const rows = bundles.map(
    (b) =>
      `${b.name.padEnd(width)}  ${kb(b.bytes)}  ${kb(b.gzipBytes)}  ${(b.bytes <= MAX_BUNDLE_BYTES ? 'ok' : 'TOO BIG').padEnd(7)}  for ${b.runtime}${chunkNote(b)}`,
  );
  const header = `${'function'.padEnd(width)}  ${'size'.padStart(10)}  ${'gzip'.padStart(10)}  limit ${MAX_BUNDLE_BYTES / 1024} KB`;
  return [header, ...rows, ''].join('\n');
}
