// node test/bench/kafka-clients/bundle.mjs: esbuild each entry as infra/build/bundle.ts does (esm, platform node, node22, minify, require shim);
// kafkajs producer-only also with conflux's kafkajs trim (infra/build/trim/kafkajs.ts), as the functions ship.
// Writes them to DIST (below), with @platformatic/kafka's native.wasm beside them, for cold.mjs.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { register } from 'tsx/esm/api';
import { DIST } from './dist.mjs';

register();
const { kafkajsProducerOnly } = await import('../../../infra/build/trim/kafkajs.ts');
const { trimPlugin } = await import('../../../infra/build/trim/rule.ts');
const entries = new URL('./entries/', import.meta.url).pathname;
mkdirSync(DIST, { recursive: true });
const wasm = createRequire(import.meta.url).resolve('@platformatic/wasm-utils');
copyFileSync(join(dirname(wasm), 'native.wasm'), join(DIST, 'native.wasm'));
const REQUIRE_SHIM =
  "import { createRequire as __conflux_cr } from 'node:module'; const require = __conflux_cr(import.meta.url);";
const cases = [
  ['kafkajs-p', []],
  ['kafkajs-p', [trimPlugin(kafkajsProducerOnly)], 'kafkajs-p-trimmed'],
  ['kafkajs-pc', []],
  ['plat-p', []],
  ['plat-pc', []],
  ['plat1-p', []],
  ['plat1-pc', []],
];
for (const [entry, plugins, out = entry] of cases) {
  await build({
    entryPoints: [`${entries}${entry}.mjs`],
    outfile: join(DIST, `${out}.mjs`),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    minify: true,
    treeShaking: true,
    plugins,
    banner: { js: REQUIRE_SHIM },
    legalComments: 'none',
    logLevel: 'warning',
  });
  const bytes = readFileSync(join(DIST, `${out}.mjs`));
  console.log(
    `${out.padEnd(18)} ${(bytes.length / 1024).toFixed(1).padStart(7)} KB  gzip ${(gzipSync(bytes).length / 1024).toFixed(1).padStart(6)} KB`,
  );
}
