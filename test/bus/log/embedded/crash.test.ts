import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { openEmbeddedLog } from '../../../../bus/log/embedded/embedded.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const appender = new URL('./fixtures/appender.mjs', import.meta.url).pathname;
const committer = new URL('./fixtures/committer.mjs', import.meta.url).pathname;

describe('a writer killed with SIGKILL mid-stream', () => {
  it('loses no acknowledged record, and the log takes appends again', { timeout: 60_000 }, async () => {
    dir = mkdtempSync(join(tmpdir(), 'conflux-crash-'));
    const child = spawn(process.execPath, [appender, dir, 't'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const acked: [number, number, number][] = [];
    const exited = new Promise((resolve) => child.once('exit', resolve));
    let lines = 0;
    for await (const line of createInterface({ input: child.stdout })) {
      acked.push(...(JSON.parse(line) as [number, number, number][]));
      // kill once it is well into the stream, with appends in flight
      if (++lines === 150) child.kill('SIGKILL');
    }
    await exited;
    expect(child.signalCode).toBe('SIGKILL');
    expect(acked.length).toBeGreaterThan(1000);

    const log = await openEmbeddedLog(dir);
    for (const [partition, offset, seq] of acked) {
      const [record] = await log.read('t', partition, offset, 1);
      expect(record, `acknowledged ${partition}:${offset}`).toBeDefined();
      expect(JSON.parse(record!.value.toString())).toEqual({ seq, pad: 'p'.repeat(seq % 700) });
      expect(record!.key?.toString()).toBe(`k${seq % 13}`);
    }
    // offsets are dense and every frame reads back whole
    for (let partition = 0; partition < 2; partition++) {
      const end = await log.endOffset('t', partition);
      const all = await log.read('t', partition, 0, end + 10);
      expect(all.map((r) => r.offset)).toEqual(Array.from({ length: end }, (_, i) => i));
    }
    // the killed writer's lock is stale: a new append takes it over
    const [after] = await log.append('t', [{ value: 'after', partition: 0 }]);
    expect(after!.offset).toBe((await log.endOffset('t', 0)) - 1);
    await log.close();
  });

  it('keeps the last acknowledged commit of a consumer group, whole', { timeout: 60_000 }, async () => {
    dir = mkdtempSync(join(tmpdir(), 'conflux-crash-'));
    const child = spawn(process.execPath, [committer, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    let acked = 0;
    for await (const line of createInterface({ input: child.stdout })) {
      acked = Number(line);
      if (acked === 200) child.kill('SIGKILL');
    }
    await exited;
    expect(child.signalCode).toBe('SIGKILL');
    const log = await openEmbeddedLog(dir);
    const committed = await log.committed('g', 't');
    // the commit in flight at the kill may or may not have landed, and never half of it
    expect([acked, acked + 1]).toContain(committed[0]);
    expect(committed[1]).toBe(committed[0]! * 2);
    await log.commit('g', 't', { 0: 1 }); // the dead committer's lock is taken over
    expect(await log.committed('g', 't')).toEqual({ 0: 1, 1: committed[1] });
    await log.close();
  });
});
