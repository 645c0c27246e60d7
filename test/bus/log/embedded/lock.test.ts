import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireLock, pidAlive } from '../../../../bus/log/embedded/lock.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  const pid = Number(child.stdout.trim());
  expect(pidAlive(pid)).toBe(false);
  return pid;
}

describe('partition lock', () => {
  it('breaks a lock left by a dead process', async () => {
    dir = mkdtempSync(join(tmpdir(), 'conflux-lock-'));
    const path = join(dir, 'append.lock');
    writeFileSync(path, `${deadPid()} abc\n`);
    const lock = await acquireLock(path, 1000);
    lock.release();
    expect(existsSync(path)).toBe(false);
  });

  it('waits for a live holder and takes the lock once it is released', async () => {
    dir = mkdtempSync(join(tmpdir(), 'conflux-lock-'));
    const path = join(dir, 'append.lock');
    const first = await acquireLock(path, 1000);
    let second = false;
    const waiting = acquireLock(path, 10_000).then((lock) => {
      second = true;
      return lock;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(second).toBe(false);
    expect(existsSync(`${path}.want`)).toBe(false);
    first.release();
    (await waiting).release();
    expect(second).toBe(true);
    expect(existsSync(`${path}.want`)).toBe(false);
  });

  it('gives up with a retriable log.lock-timeout naming the holder', async () => {
    dir = mkdtempSync(join(tmpdir(), 'conflux-lock-'));
    const path = join(dir, 'append.lock');
    writeFileSync(path, `${process.pid} live\n`);
    await expect(acquireLock(path, 30)).rejects.toMatchObject({ code: 'log.lock-timeout', retriable: true });
  });
});
