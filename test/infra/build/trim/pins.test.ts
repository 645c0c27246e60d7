import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { trims } from '../../../../infra/build/trim/index.js';

const root = resolve(fileURLToPath(new URL('../../../..', import.meta.url)));
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};

/** The folder of `pkg` as Node resolves it from `from` (a package folder): the nearest node_modules up. */
function packageDir(pkg: string, from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', pkg);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`${pkg} is not installed (looked up from ${from})`);
  }
}
const versionIn = (dir: string) =>
  (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;

describe('the packages the bundles trim stay at the versions their rules were checked against', () => {
  it.each(trims.map((trim) => [trim.package, trim] as const))(
    '%s: pinned exactly in package.json, and installed at that version with what its rules reach into',
    (pkg, trim) => {
      expect(manifest.dependencies[pkg], `package.json pins ${pkg} exactly`).toBe(trim.checkedAgainst[pkg]);
      const anchor = packageDir(pkg, root);
      const installed = Object.fromEntries(
        Object.keys(trim.checkedAgainst).map((name) => [
          name,
          versionIn(name === pkg ? anchor : packageDir(name, anchor)),
        ]),
      );
      // On an upgrade: read the rules of infra/build/trim/ against the new version (npm run package
      // fails on a rule that matches nothing; a rule that still matches may now leave out too much),
      // run the bundle tests, then write the new version into checkedAgainst.
      expect(installed, `installed versions against ${trim.name}'s checkedAgainst`).toEqual(trim.checkedAgainst);
    },
  );
});
