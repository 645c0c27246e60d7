import { relative, resolve } from 'node:path';
import { registry } from '../../functions/registry.js';
import {
  type BuiltBundle,
  buildable,
  bundleFunction,
  MAX_BUNDLE_BYTES,
  sizeReport,
  whyNoBundle,
} from '../build/bundle.js';
import { type Command, parseFlags, UsageError } from './command.js';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);

/**
 * `conflux build [--only NAME,…] [--out DIR] [--no-minify]`: one esbuild bundle per function in
 * the registry (`dist/functions/<name>/index.mjs`, exporting `handler` and `fcHandler`), then a
 * size report. Exit 1 when a bundle exceeds the size limit.
 */
export const command: Command = {
  name: 'build',
  summary: 'bundle every function with esbuild (one bundle per function) and report sizes',
  usage: 'conflux build [--only NAME,…] [--out DIR] [--no-minify]',
  async run(args, io) {
    const { values } = parseFlags(args, {
      only: { type: 'string' },
      out: { type: 'string' },
      'no-minify': { type: 'boolean' },
    });
    const wanted = values.only?.split(',').map((name) => name.trim());
    const unknown = wanted?.filter((name) => !registry.some((entry) => entry.name === name)) ?? [];
    if (unknown.length > 0) throw new UsageError(`unknown function ${unknown.join(', ')}`);
    const entries = registry.filter((entry) => wanted === undefined || wanted.includes(entry.name));
    const { ready, missing } = buildable(entries, ROOT);
    const outDir = values.out === undefined ? undefined : resolve(io.cwd, values.out);
    const bundles: BuiltBundle[] = [];
    for (const entry of ready) {
      bundles.push(await bundleFunction(entry, { root: ROOT, outDir, minify: !values['no-minify'] }));
    }
    io.stdout.write(sizeReport(bundles));
    const where = bundles[0] === undefined ? '' : ` in ${relative(io.cwd, resolve(bundles[0].file, '../..')) || '.'}`;
    io.stdout.write(`${bundles.length} bundle${bundles.length === 1 ? '' : 's'}${where}\n`);
    for (const name of missing) io.stderr.write(`${name}: no bundle: ${whyNoBundle(name)}\n`);
    const tooBig = bundles.filter((b) => b.bytes > MAX_BUNDLE_BYTES);
    for (const b of tooBig) io.stderr.write(`${b.name}: ${b.bytes} bytes is over the ${MAX_BUNDLE_BYTES}-byte limit\n`);
    return tooBig.length > 0 ? 1 : 0;
  },
};
