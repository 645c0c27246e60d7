#!/usr/bin/env node
// `npm run bench -- <name> [flags]` runs test/bench/<name>.ts, which prints JSON lines.
import { existsSync } from 'node:fs';
import { register } from 'tsx/esm/api';

const [name, ...args] = process.argv.slice(2);
const file = new URL(`../test/bench/${name}.ts`, import.meta.url);
if (!name || !existsSync(file)) {
  console.error(`usage: npm run bench -- <name> [flags]; <name> is a file in test/bench/ (got ${name ?? 'nothing'})`);
  process.exit(2);
}
register();
const { run } = await import(file.href);
process.exitCode = await run(args);
