import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { mqttNodeClientOnly } from '../../../../infra/build/trim/mqtt.js';
import { inPackage, leftOut, type Replacement, type TrimRule, trimPlugin } from '../../../../infra/build/trim/rule.js';

const root = resolve(fileURLToPath(new URL('../../../..', import.meta.url)));

/**
 * Bundles `entry` (CommonJS) where `pkg` stands for node_modules/pkg/index.js, with `plugin` applied,
 * and runs the result: its exports, or what it threw.
 */
async function bundleAndRun(entry: string, plugin: Plugin): Promise<unknown> {
  const virtual: Plugin = {
    name: 'virtual-package',
    setup(build) {
      build.onResolve({ filter: /^pkg$/ }, () => ({
        path: '/virtual/node_modules/pkg/index.js',
        namespace: 'virtual',
      }));
      build.onLoad({ filter: /.*/, namespace: 'virtual' }, () => ({ contents: 'module.exports = 1;', loader: 'js' }));
    },
  };
  const { outputFiles } = await build({
    stdin: { contents: entry, loader: 'js' },
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'node',
    plugins: [plugin, virtual],
    logLevel: 'silent',
  });
  const module = { exports: {} as unknown };
  new Function('module', 'exports', 'require', outputFiles[0]!.text)(module, module.exports, () => undefined);
  return module.exports;
}

/** A trim of the virtual package `pkg` that puts `replace` in place of its index.js. */
const pkgTrim = (replace: Replacement, ...more: TrimRule[]) =>
  trimPlugin({
    name: 'test',
    package: 'pkg',
    checkedAgainst: { pkg: '1.0.0' },
    rules: [{ name: 'the thing', file: inPackage('pkg', 'index.js'), replace }, ...more],
  });

/** A rule for a file no package has (as after an upgrade renamed it). */
const renamed = (pkg: string): TrimRule => ({
  name: 'a renamed file',
  file: inPackage(pkg, 'lib/renamed.js'),
  replace: leftOut('the renamed file', 'it was renamed'),
});

describe('a rule that matches nothing', () => {
  it('fails the build with its name, when the bundle holds its package', async () => {
    const plugin = pkgTrim(leftOut('the thing', 'never used'), renamed('pkg'));
    await expect(bundleAndRun("module.exports = require('pkg');", plugin)).rejects.toThrow(
      'bundle trimming rule "test: a renamed file" matched nothing',
    );
  });

  it('is no error in a bundle without its package', async () => {
    const plugin = pkgTrim(leftOut('the thing', 'never used'), renamed('pkg'));
    expect(await bundleAndRun('module.exports = 2;', plugin)).toBe(2);
  });

  it("fails the MQTT sink's build, naming the rule and the version the rules were checked against", async () => {
    const options: BuildOptions = {
      entryPoints: [resolve(root, 'functions/sinks/mqtt/handler.ts')],
      bundle: true,
      write: false,
      platform: 'node',
      format: 'esm',
      logLevel: 'silent',
    };
    await expect(build({ ...options, plugins: [trimPlugin(mqttNodeClientOnly)] })).resolves.toBeDefined();
    const stale = { ...mqttNodeClientOnly, rules: [...mqttNodeClientOnly.rules, renamed('mqtt')] };
    await expect(build({ ...options, plugins: [trimPlugin(stale)] })).rejects.toThrow(
      /"mqtt-node-client-only: a renamed file" matched nothing .*checked against mqtt@5\.16\.0/,
    );
  });
});

describe('left-out modules', () => {
  const sentence = 'the thing is left out of conflux bundles (the sink never uses it)';

  it('can be read while their library loads, and throw a sentence naming what is left out when used', async () => {
    const plugin = pkgTrim(leftOut('the thing', 'the sink never uses it'));
    const entry = `const pkg = require('pkg');
class Sub extends pkg.Thing {}
const attempt = (run) => { try { run(); return 'no error'; } catch (error) { return error.message; } };
module.exports = { read: typeof pkg.Thing, construct: attempt(() => new Sub()), call: attempt(() => pkg.helper()) };`;
    expect(await bundleAndRun(entry, plugin)).toEqual({ read: 'function', construct: sentence, call: sentence });
  });

  it('can throw as soon as they are required', async () => {
    const plugin = pkgTrim(leftOut('the thing', 'the sink never uses it', { atLoad: true }));
    await expect(bundleAndRun("module.exports = require('pkg');", plugin)).rejects.toThrow(sentence);
  });

  it('are matched by their file inside a package, on either path separator', () => {
    expect(
      inPackage('mqtt', 'build/lib/connect/socks.js').test('/r/node_modules/mqtt/build/lib/connect/socks.js'),
    ).toBe(true);
    expect(
      inPackage('mqtt', 'build/lib/connect/socks.js').test('C:\\r\\node_modules\\mqtt\\build\\lib\\connect\\socks.js'),
    ).toBe(true);
    expect(inPackage('ws', 'lib/websocket-server.js').test('/r/node_modules/ws/lib/websocket-server.jsx')).toBe(false);
  });
});
