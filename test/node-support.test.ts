import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

interface Manifest {
  name: string;
  version: string;
  engines?: { node?: string };
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}
const manifestIn = (dir: string) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;

/** The folder of `pkg` as Node resolves it from the package folder `from`, if installed. */
function packageDir(pkg: string, from: string): string | undefined {
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', pkg);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
  }
  return undefined;
}

/** Every installed package `pkg` depends on, itself included, each once. */
function dependencyTree(pkg: string): Manifest[] {
  const seen = new Map<string, Manifest>();
  const visit = (dir: string) => {
    if (seen.has(dir)) return;
    const manifest = manifestIn(dir);
    seen.set(dir, manifest);
    for (const name of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) {
      const found = packageDir(name, dir);
      if (found !== undefined) visit(found);
    }
  };
  visit(packageDir(pkg, root)!);
  return [...seen.values()];
}

describe('the Node.js versions conflux runs on', () => {
  const conflux = manifestIn(root);

  it('are Node 20 and later (package.json engines), as the README says', () => {
    expect(conflux.engines?.node).toBe('>=20');
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain('Node.js 20 and 22 (`engines: >=20`)');
  });

  // AWS SDK for JavaScript v3 releases after the first week of January 2027 require Node >= 22:
  // package.json keeps the SDK below them while conflux runs on Node 20 (README "Node.js versions").
  it('are all accepted by the AWS SDK as installed, and by everything it depends on', () => {
    const tree = dependencyTree('@aws-sdk/client-eventbridge');
    expect(tree.length).toBeGreaterThan(10);
    const refusing = tree
      .filter((m) => m.engines?.node !== undefined && !semver.subset(conflux.engines!.node!, m.engines.node))
      .map((m) => `${m.name}@${m.version} wants node ${m.engines?.node}`);
    expect(refusing).toEqual([]);
  });

  it('are held by an @aws-sdk range with an upper bound in package.json', () => {
    const range = (conflux as Manifest & { dependencies: Record<string, string> }).dependencies[
      '@aws-sdk/client-eventbridge'
    ]!;
    expect(range).toMatch(/<\d/);
    expect(semver.satisfies(manifestIn(packageDir('@aws-sdk/client-eventbridge', root)!).version, range)).toBe(true);
  });
});
