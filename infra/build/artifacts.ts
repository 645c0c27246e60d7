import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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
 * The files a function's zip holds: its bundle folder, `index.mjs` and the runtime assets beside it
 * (the Function Compute worker, for the functions that can run FUNCTION transforms).
 */
export function artifactFiles(bundle: BuiltBundle): ZipFile[] {
  const folder = dirname(bundle.file);
  return readdirSync(folder)
    .sort()
    .map((name) => ({ name, data: readFileSync(join(folder, name)) }));
}

/**
 * Writes `<outDir>/<name>.zip` from `files` (plus `extra`, e.g. a task's FUNCTION handler) and
 * returns where it is and how big.
 *
 * @example writeArtifact('sink-file', artifactFiles(bundle), 'dist/zips')
 */
export function writeArtifact(name: string, files: readonly ZipFile[], outDir: string): Artifact {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `${name}.zip`);
  const zip = zipFiles(files);
  writeFileSync(file, zip);
  return { name, file, bytes: zip.length, entries: files.map((f) => f.name) };
}
