#!/usr/bin/env node
// `npm ci` runs this (the "prepare" script): npm links the bins of dependencies into
// node_modules/.bin but not the project's own, so tools that look there for `conflux` find it too.
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../node_modules/.bin/', import.meta.url));
if (existsSync(new URL('../node_modules/', import.meta.url))) {
  mkdirSync(bin, { recursive: true });
  rmSync(`${bin}conflux`, { force: true });
  symlinkSync('../../bin/conflux.mjs', `${bin}conflux`);
}
