import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openEmbeddedLog } from '../../../../bus/log/embedded/embedded.js';
import { offsetsPath } from '../../../../bus/log/embedded/offsets.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('consumer group offsets', () => {
  it('merges commits per partition and keeps them across a reopen', async () => {
    dir = mkdtempSync(join(tmpdir(), 'conflux-offsets-'));
    const log = await openEmbeddedLog(dir);
    expect(await log.committed('g', 't')).toEqual({});
    await log.commit('g', 't', { 0: 5 });
    await log.commit('g', 't', { 1: 7, 0: 6 });
    await log.commit('other/group..', 't', { 3: 1 });
    await log.close();
    const again = await openEmbeddedLog(dir);
    expect(await again.committed('g', 't')).toEqual({ 0: 6, 1: 7 });
    expect(await again.committed('other/group..', 't')).toEqual({ 3: 1 });
    await again.close();
  });

  it('replaces the file atomically: no temporary file stays, a stray one from a crash changes nothing', async () => {
    dir = mkdtempSync(join(tmpdir(), 'conflux-offsets-'));
    const log = await openEmbeddedLog(dir);
    await log.commit('g', 't', { 0: 1 });
    const path = offsetsPath(dir, 'g', 't');
    // what a crash between write and rename leaves behind
    writeFileSync(`${path}.999-dead.tmp`, '{"0": 12');
    await Promise.all(Array.from({ length: 20 }, (_, i) => log.commit('g', 't', { [i % 4]: i })));
    expect(await log.committed('g', 't')).toEqual({ 0: 16, 1: 17, 2: 18, 3: 19 });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ 0: 16, 1: 17, 2: 18, 3: 19 });
    const leftovers = readdirSync(dirname(path)).filter((f) => f.endsWith('.tmp') && !f.includes('999-dead'));
    expect(leftovers).toEqual([]);
    await log.close();
  });
});
