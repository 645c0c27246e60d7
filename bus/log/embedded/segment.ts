/**
 * Segment files of one partition, named like Kafka's by their first offset:
 * `00000000000000000000.log` (frames) beside `00000000000000000000.index` (sparse index).
 */
import { closeSync, fsyncSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { checkFrame } from './frame.js';
import { SparseIndex } from './sparse-index.js';

/** An open segment: its first offset, its file and its index. */
export interface Segment {
  base: number;
  path: string;
  fd: number;
  index: SparseIndex;
}

function fileName(base: number): string {
  return String(base).padStart(20, '0');
}

/** The first offsets of the segments in `dir`, ascending. */
export function listSegmentBases(dir: string): number[] {
  return readdirSync(dir)
    .filter((name) => /^\d{20}\.log$/.test(name))
    .map((name) => Number(name.slice(0, 20)))
    .sort((a, b) => a - b);
}

/** Opens (creating when missing) the segment starting at `base`; `created` fsyncs the directory entry. */
export function openSegment(dir: string, base: number, create = false): Segment {
  const path = join(dir, `${fileName(base)}.log`);
  const fd = openSync(path, create ? 'a+' : 'r+');
  if (create) fsyncDir(dir);
  // 'a+' would force every write to the end; reopen read-write for positioned writes
  if (create) {
    closeSync(fd);
    return openSegment(dir, base, false);
  }
  return { base, path, fd, index: new SparseIndex(join(dir, `${fileName(base)}.index`), base) };
}

/** Makes a new or renamed directory entry durable. */
export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Reads up to `length` bytes at `position`; the result is shorter at the end of the file. */
export function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  const got = readSync(fd, buf, 0, length, position);
  return got === length ? buf : buf.subarray(0, got);
}

/** Closes a segment's file and index. */
export function closeSegment(segment: Segment): void {
  closeSync(segment.fd);
  segment.index.close();
}

const SCAN_CHUNK = 1 << 20;

/** Walks whole, good frames from `pos`; `clean` is false when it stopped at bytes that are no whole frame. */
export function scan(fd: number, pos: number, next: number): { pos: number; next: number; clean: boolean } {
  let chunk = SCAN_CHUNK;
  for (;;) {
    const buf = readAt(fd, pos, chunk);
    if (buf.length === 0) return { pos, next, clean: true };
    let p = 0;
    for (;;) {
      const c = checkFrame(buf, p);
      if (c.status === 'ok' && c.offset === next) {
        p += c.size;
        next++;
        continue;
      }
      if (c.status !== 'incomplete') return { pos: pos + p, next, clean: false };
      if (buf.length < chunk) return { pos: pos + p, next, clean: p === buf.length };
      if (p === 0) chunk = Math.max(chunk, c.need);
      break;
    }
    pos += p;
  }
}
