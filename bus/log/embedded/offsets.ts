/**
 * Consumer-group offsets of the embedded log: `<data dir>/groups/<group>/<topic>.json` maps partition →
 * next offset to read. A commit merges into the file and replaces it atomically (write a temporary file,
 * fdatasync, rename, fsync the directory) under a lock file, so a crash leaves the old or the new file,
 * never half of one. Commits that arrive while one is being written go out together in the next.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LogError } from '../errors.js';
import { replaceFileDurably } from './durable-file.js';
import { acquireLock } from './lock.js';

/** partition → next offset to read. */
export type Offsets = Record<number, number>;

/** The offsets file of a group's topic; group names may hold any character. */
export function offsetsPath(dataDir: string, group: string, topic: string): string {
  const safe = encodeURIComponent(group).replaceAll('.', '%2E').replaceAll('*', '%2A');
  return join(dataDir, 'groups', safe, `${topic}.json`);
}

/** The committed offsets in `path` (empty when nothing was committed). */
export function readOffsets(path: string): Offsets {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return {};
    throw error;
  }
  const parsed: unknown = JSON.parse(text);
  const out: Offsets = {};
  if (typeof parsed !== 'object' || parsed === null) throw new LogError('log.corrupt', `${path} is not an object`);
  for (const [partition, offset] of Object.entries(parsed)) {
    if (typeof offset === 'number' && Number.isInteger(offset)) out[Number(partition)] = offset;
  }
  return out;
}

async function replace(path: string, offsets: Offsets, lockTimeoutMs: number): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const lock = await acquireLock(`${path}.lock`, lockTimeoutMs);
  try {
    const merged = { ...readOffsets(path), ...offsets };
    await replaceFileDurably(path, `${JSON.stringify(merged)}\n`);
  } finally {
    lock.release();
  }
}

/** Writes commits of one offsets file, merging those that wait for the write under way. */
export class OffsetsFile {
  private pending: Offsets | null = null;
  private waiters: { resolve(): void; reject(error: unknown): void }[] = [];
  private writing = false;

  constructor(
    readonly path: string,
    private readonly lockTimeoutMs: number,
  ) {}

  /** Resolves once `offsets` (merged with the rest of the file) are durable. */
  commit(offsets: Offsets): Promise<void> {
    this.pending = { ...this.pending, ...offsets };
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (!this.writing) void this.drain();
    return done;
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.pending !== null) {
      const offsets = this.pending;
      const waiters = this.waiters;
      this.pending = null;
      this.waiters = [];
      try {
        await replace(this.path, offsets, this.lockTimeoutMs);
        for (const w of waiters) w.resolve();
      } catch (error) {
        for (const w of waiters) w.reject(error);
      }
    }
    this.writing = false;
  }
}
