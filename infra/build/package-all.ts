import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FunctionEntry } from '../../functions/entry.js';
import { type Artifact, artifactFiles, writeArtifact } from './artifacts.js';
import { type BuiltBundle, buildable, bundleFunction } from './bundle.js';
import { renderServerless, repositoryServerless } from './serverless.js';
import type { TaskFunction } from './task-plan.js';

/** What packaging produced: the bundles (for the size report), the zips and serverless.yml. */
export interface Packaged {
  bundles: BuiltBundle[];
  artifacts: Artifact[];
  serverlessYml: string;
  notBuilt: string[];
}

/**
 * The repository's deployables: every registry function with a handler bundled
 * (`dist/functions/<name>/`), zipped alone (`dist/zips/<name>.zip`), and serverless.yml at the
 * root naming each zip as its function's artifact.
 *
 * @example await packageRepository(registry, process.cwd())
 */
export async function packageRepository(entries: readonly FunctionEntry[], root: string): Promise<Packaged> {
  const { ready, missing } = buildable(entries, root);
  const bundles: BuiltBundle[] = [];
  const artifacts: Artifact[] = [];
  for (const entry of ready) {
    const bundle = await bundleFunction(entry, { root });
    bundles.push(bundle);
    artifacts.push(writeArtifact(entry.name, artifactFiles(bundle), resolve(root, 'dist/zips')));
  }
  const serverlessYml = repositoryServerless(ready, missing);
  writeFileSync(resolve(root, 'serverless.yml'), serverlessYml);
  return { bundles, artifacts, serverlessYml, notBuilt: missing };
}

/**
 * A config's deployables in `outDir`: each sink bundle the tasks need built once, one zip per task
 * (the bundle, plus its FUNCTION handler file at the path the spec names), and serverless.yml.
 */
export async function packageTasks(
  functions: readonly TaskFunction[],
  options: { root: string; baseDir: string; outDir: string; service: string; header: string[] },
): Promise<Packaged> {
  const buildDir = mkdtempSync(join(tmpdir(), 'conflux-package-'));
  try {
    const bundles = new Map<string, BuiltBundle>();
    const artifacts: Artifact[] = [];
    for (const fn of functions) {
      let bundle = bundles.get(fn.entry.name);
      if (bundle === undefined) {
        bundle = await bundleFunction(fn.entry, { root: options.root, outDir: buildDir });
        bundles.set(fn.entry.name, bundle);
      }
      const files = artifactFiles(bundle);
      if (fn.handlerFile !== undefined) {
        const name = fn.handlerFile.replaceAll('\\', '/').replace(/^\.\//, '');
        files.push({ name, data: readFileSync(resolve(options.baseDir, fn.handlerFile)) });
      }
      artifacts.push(writeArtifact(fn.name, files, resolve(options.outDir, 'artifacts')));
    }
    const serverlessYml = renderServerless(functions, { service: options.service, header: options.header });
    writeFileSync(resolve(options.outDir, 'serverless.yml'), serverlessYml);
    return { bundles: [...bundles.values()], artifacts, serverlessYml, notBuilt: [] };
  } finally {
    rmSync(buildDir, { recursive: true, force: true });
  }
}
