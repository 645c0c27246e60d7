import { dirname } from 'node:path';
import type { Plugin, PluginBuild } from 'esbuild';

/**
 * How a bundle trims a package: rules that put other source in place of modules of the package
 * (or of what it imports), for the one place the package's code is known to conflux, with the
 * version of every package a rule reaches into. Rules match private file paths, which an upgrade
 * may rename; so a rule that matched nothing in a bundle holding the package fails the build with
 * its name, and a test holds the installed versions to `checkedAgainst`.
 */

/**
 * What goes in place of a module: its source, and the folder its relative `require`s start from
 * (the replaced module's own folder unless given). Given the replaced file, or for an import rule,
 * the (first) importer's.
 */
export type Replacement = (file: string) => { contents: string; resolveDir?: string };

/** A module replaced wherever it is loaded from: its resolved file matches `file`. */
export interface ModuleRule {
  /** What the rule replaces, in a few words: it names the rule when it matches nothing. */
  name: string;
  file: RegExp;
  replace: Replacement;
}

/**
 * An import replaced for the importers matching `importer` only (other packages importing the same
 * name keep the real module); one module per rule, however many files of the importer require it.
 */
export interface ImportRule {
  name: string;
  importer: RegExp;
  /** The request as written in the importer (`./consumer`, `iconv-lite`). */
  request: RegExp;
  replace: Replacement;
}

/** One rule of a package's trimming. */
export type TrimRule = ModuleRule | ImportRule;

/** A package's trimming: its rules, and the versions they were checked against. */
export interface PackageTrim {
  /** The esbuild plugin's name. */
  name: string;
  /** The package (a dependency in package.json): a bundle that holds it must match every rule. */
  package: string;
  /** Each package a rule reaches into (`package` first) → the exact version its rules were read against. */
  checkedAgainst: Record<string, string>;
  rules: readonly TrimRule[];
}

/** A path as a pattern: its characters literal, `/` either separator. */
const pathPattern = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replaceAll('/', '[\\\\/]');

/** A path pattern for a file inside a package: `inPackage('mqtt', 'build/lib/connect/socks.js')`. */
export function inPackage(pkg: string, file: string): RegExp {
  return new RegExp(`[\\\\/]node_modules[\\\\/]${pathPattern(pkg)}[\\\\/]${pathPattern(file)}$`);
}

/** The module every left-out stub requires: one copy of the proxy that throws, however many stubs. */
const LEFT_OUT_MODULE = 'conflux-left-out';

/**
 * The source of a module left out of the bundles. Its exports can still be read while the modules
 * around it load (an `extends`, a re-export), but calling or constructing any of them throws
 * `<what> is left out of conflux bundles (<why>)`, so a path the bundle was not built for fails
 * with that sentence instead of a TypeError. `atLoad` throws as soon as it is required (for modules
 * their library requires only on the path left out).
 *
 * @example leftOut('the SOCKS proxy transport of mqtt.js', 'the MQTT sink connects directly')
 */
export function leftOut(what: string, why: string, options: { atLoad?: boolean } = {}): Replacement {
  const sentence = JSON.stringify(`${what} is left out of conflux bundles (${why})`);
  if (options.atLoad) return () => ({ contents: `throw new Error(${sentence});` });
  return () => ({ contents: `module.exports = require('${LEFT_OUT_MODULE}')(${sentence});` });
}

function shareLeftOut(build: PluginBuild): void {
  build.onResolve({ filter: new RegExp(`^${LEFT_OUT_MODULE}$`) }, () => ({
    path: LEFT_OUT_MODULE,
    namespace: LEFT_OUT_MODULE,
  }));
  build.onLoad({ filter: /.*/, namespace: LEFT_OUT_MODULE }, () => ({
    contents: `module.exports = (sentence) => {
  const fail = () => { throw new Error(sentence); };
  const stub = new Proxy(function leftOut() {}, {
    get: (target, key) => (key === 'prototype' ? target.prototype : typeof key === 'symbol' || key === 'then' || key === '__esModule' ? undefined : stub),
    apply: fail,
    construct: fail,
  });
  return stub;
};`,
    loader: 'js',
  }));
}

/**
 * The esbuild plugin of a package's trimming. When the build holds the package (any file of
 * `node_modules/<package>/`) and a rule replaced nothing, the build fails naming the rule: the
 * package has changed under it, and its rules need reading again.
 *
 * @example trimPlugin({ name: 'ws-client-only', package: 'ws', checkedAgainst: { ws: '8.23.0' }, rules: [{ name: 'the server', file: inPackage('ws', 'lib/websocket-server.js'), replace: leftOut('the WebSocket server', 'clients only') }] })
 */
export function trimPlugin(trim: PackageTrim): Plugin {
  return {
    name: trim.name,
    setup(build) {
      build.initialOptions.metafile = true; // onEnd reads which packages the bundle holds
      const matched = new Set<TrimRule>();
      shareLeftOut(build);
      trim.rules.forEach((rule, i) => {
        if ('file' in rule) {
          build.onLoad({ filter: rule.file }, (args) => {
            matched.add(rule);
            return load(rule.replace(args.path), dirname(args.path));
          });
          return;
        }
        const namespace = `${trim.name}-${i}`;
        build.onResolve({ filter: rule.request }, (args) => {
          if (!rule.importer.test(args.importer)) return undefined;
          matched.add(rule);
          return { path: args.path, namespace, pluginData: args.importer };
        });
        build.onLoad({ filter: /.*/, namespace }, (args) => {
          const importer = String(args.pluginData);
          return load(rule.replace(importer), dirname(importer));
        });
      });
      const holdsPackage = new RegExp(`(^|[\\\\/:])node_modules[\\\\/]${pathPattern(trim.package)}[\\\\/]`);
      build.onEnd((result) => {
        if (result.errors.length > 0) return undefined;
        const inputs = Object.keys(result.metafile?.inputs ?? {});
        if (!inputs.some((input) => holdsPackage.test(input))) return undefined;
        const unmatched = trim.rules.filter((rule) => !matched.has(rule));
        return {
          errors: unmatched.map((rule) => ({
            text: `bundle trimming rule "${trim.name}: ${rule.name}" matched nothing (${'file' in rule ? rule.file : `${rule.request} from ${rule.importer}`}), though the bundle holds ${trim.package}: its rules were checked against ${trim.package}@${trim.checkedAgainst[trim.package]}; read them again (infra/build/trim/)`,
          })),
        };
      });
    },
  };
}

function load(replacement: ReturnType<Replacement>, ownFolder: string) {
  return { contents: replacement.contents, loader: 'js' as const, resolveDir: replacement.resolveDir ?? ownFolder };
}
