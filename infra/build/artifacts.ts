import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { FunctionEntry } from '../../functions/entry.js';
import type { BuiltBundle } from './bundle.js';
import { type ZipFile, zipFiles } from './zip.js';

/** One function's deployable zip. */
export interface Artifact {
  name: string;
  file: string;
  bytes: number;
  /** The paths inside the zip. */
  entries: string[];
}

/**
 * The files a function's zip holds: its bundle folder (`index.mjs` and runtime assets beside it)
 * and, for a sink, the FUNCTION transform's worker script, since a sink runs its task's transform
 * in-process and a FUNCTION transform starts that worker by path.
 */
export function artifactFiles(entry: FunctionEntry, bundle: BuiltBundle, root: string): ZipFile[] {
  const folder = dirname(bundle.file);
  const files = readdirSync(folder)
    .sort()
    .map((name) => ({ name, data: readFileSync(join(folder, name)) }));
  if (entry.kind === 'sink' && !files.some((file) => file.name === 'worker.mjs')) {
    files.push({ name: 'worker.mjs', data: readFileSync(resolve(root, 'functions/transformers/function/worker.mjs')) });
  }
  return files;
}

/**
 * Writes `<outDir>/<name>.zip` from `files` (plus `extra`, e.g. a task's FUNCTION handler) and
 * returns where it is and how big.
 *
 * @example writeArtifact('sink-file', artifactFiles(entry, bundle, root), 'dist/zips')
 */
export function writeArtifact(name: string, files: readonly ZipFile[], outDir: string): Artifact {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `${name}.zip`);
  const zip = zipFiles(files);
  writeFileSync(file, zip);
  return { name, file, bytes: zip.length, entries: files.map((f) => f.name) };
}
