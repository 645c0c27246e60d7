/**
 * A lock between processes: a file created with O_EXCL that holds the owner's pid and a token.
 * A lock whose pid is dead (the writer was killed) is stale: it is moved aside under a unique name,
 * checked to be the very lock seen dead, and removed, so two processes breaking it at once cannot
 * remove a fresh lock by mistake.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { LogError } from '../errors.js';

/** How long an empty lock file (its creator died between create and write) is trusted. */
const EMPTY_LOCK_GRACE_MS = 2000;

function errno(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error ? String(error.code) : undefined;
}

/** Whether a process with this pid exists (EPERM: it exists but belongs to someone else). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errno(error) === 'EPERM';
  }
}

function readLock(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (errno(error) === 'ENOENT') return null;
    throw error;
  }
}

function isStale(path: string, content: string): boolean {
  const pid = Number.parseInt(content, 10);
  if (Number.isInteger(pid) && pid > 0) return !pidAlive(pid);
  try {
    return Date.now() - statSync(path).mtimeMs > EMPTY_LOCK_GRACE_MS;
  } catch {
    return false;
  }
}

function breakStale(path: string, seen: string): void {
  const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if (errno(error) === 'ENOENT') return;
    throw error;
  }
  if (readLock(aside) !== seen) {
    // someone replaced the stale lock with a live one just before we moved it: put it back
    try {
      linkSync(aside, path);
    } catch {
      // a third writer holds the path now; the lock we moved is lost, its owner re-checks nothing
    }
  }
  unlinkSync(aside);
}

/** A held lock; `release` removes the file. */
export interface HeldLock {
  release(): void;
}

/**
 * Waits for and takes the lock at `path`; fails with `log.lock-timeout` after `timeoutMs`. While it
 * waits it leaves a `<path>.want` file, which asks a holder keeping a lease (LockLease) to let go.
 */
export async function acquireLock(path: string, timeoutMs = 30_000): Promise<HeldLock> {
  const want = `${path}.want`;
  let wanted = false;
  const token = `${process.pid} ${randomBytes(6).toString('hex')}\n`;
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, token);
      } finally {
        closeSync(fd);
      }
      if (wanted) rmSync(want, { force: true });
      return { release: () => releaseLock(path, token) };
    } catch (error) {
      if (errno(error) !== 'EEXIST') throw error;
    }
    const seen = readLock(path);
    if (seen === null) continue;
    if (isStale(path, seen)) {
      breakStale(path, seen);
      continue;
    }
    if (Date.now() > deadline) {
      throw new LogError('log.lock-timeout', `${path} is held by pid ${Number.parseInt(seen, 10)}`, {
        path,
        retriable: true,
      });
    }
    if (attempt >= 2 && !wanted) {
      writeFileSync(want, '');
      wanted = true;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(1 + attempt, 5)));
  }
}

function releaseLock(path: string, token: string): void {
  if (readLock(path) === token) unlinkSync(path);
}

/**
 * Keeps a lock between appends instead of creating and removing the lock file for every batch (those
 * metadata writes queue behind the journal commits fdatasync causes). The lease is let go after `idleMs`
 * without a batch, or at the next batch once another process has left a `.want` file.
 */
export class LockLease {
  private held: HeldLock | null = null;
  private idle: NodeJS.Timeout | null = null;

  constructor(
    private readonly path: string,
    private readonly timeoutMs: number,
    private readonly idleMs = 5,
  ) {}

  /** Holds the lock once this resolves; call `done` after the batch. */
  async take(): Promise<void> {
    if (this.idle !== null) clearTimeout(this.idle);
    this.idle = null;
    if (this.held !== null && existsSync(`${this.path}.want`)) {
      this.release();
      // give the waiter (it polls every few ms) a chance before taking the lock again
      for (let i = 0; i < 10 && existsSync(`${this.path}.want`); i++) await new Promise((r) => setTimeout(r, 5));
    }
    this.held ??= await acquireLock(this.path, this.timeoutMs);
  }

  /** Ends a batch: the lock stays held for `idleMs` in case another batch follows. */
  done(): void {
    if (this.held === null) return;
    this.idle = setTimeout(() => this.release(), this.idleMs);
    this.idle.unref();
  }

  /** Lets the lock go now. */
  release(): void {
    if (this.idle !== null) clearTimeout(this.idle);
    this.idle = null;
    this.held?.release();
    this.held = null;
  }
}
