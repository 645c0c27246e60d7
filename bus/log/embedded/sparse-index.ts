/**
 * The sparse offset index of one segment, like Kafka's `.index`: 8-byte entries (u32 offset relative
 * to the segment's base, u32 byte position), one every `indexIntervalBytes` of log. It is a hint, not a
 * truth: it is written after the log without fsync, a reader checks the frame it points at, and any
 * entry past a truncated tail is dropped. Several processes append to it, each under the partition lock.
 */
import { closeSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';

const ENTRY = 8;

/** One index entry: this offset's frame starts at this byte of the segment. */
export interface IndexEntry {
  offset: number;
  position: number;
}

/** The index of one segment, loaded lazily and refreshed as other processes append. */
export class SparseIndex {
  private readonly fd: number;
  private offsets: number[] = [];
  private positions: number[] = [];

  constructor(
    path: string,
    private readonly base: number,
  ) {
    this.fd = openSync(path, 'a+');
  }

  /** Loads entries other processes appended since the last look; ignores a half-written last entry. */
  refresh(): void {
    const size = fstatSync(this.fd).size;
    const have = this.offsets.length * ENTRY;
    const whole = size - (size % ENTRY);
    if (whole <= have) return;
    const buf = Buffer.allocUnsafe(whole - have);
    const got = readSync(this.fd, buf, 0, buf.length, have);
    for (let p = 0; p + ENTRY <= got; p += ENTRY) {
      this.offsets.push(this.base + buf.readUInt32LE(p));
      this.positions.push(buf.readUInt32LE(p + 4));
    }
  }

  /** The last entry at or before `offset`, or null when the segment's start is the best hint. */
  lookup(offset: number): IndexEntry | null {
    let lo = 0;
    let hi = this.offsets.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.offsets[mid]! <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found < 0 ? null : { offset: this.offsets[found]!, position: this.positions[found]! };
  }

  /** The byte position of the newest entry, or -Infinity when there is none. */
  lastPosition(): number {
    return this.positions.length === 0 ? Number.NEGATIVE_INFINITY : this.positions[this.positions.length - 1]!;
  }

  /** Appends entries (called under the partition lock, after `refresh`). */
  append(entries: readonly IndexEntry[]): void {
    if (entries.length === 0) return;
    const buf = Buffer.allocUnsafe(entries.length * ENTRY);
    entries.forEach((entry, i) => {
      buf.writeUInt32LE(entry.offset - this.base, i * ENTRY);
      buf.writeUInt32LE(entry.position, i * ENTRY + 4);
    });
    // 'a+' appends; first cut a half entry a crashed writer may have left
    const size = fstatSync(this.fd).size;
    if (size !== this.offsets.length * ENTRY) ftruncateSync(this.fd, this.offsets.length * ENTRY);
    writeSync(this.fd, buf);
    for (const entry of entries) {
      this.offsets.push(entry.offset);
      this.positions.push(entry.position);
    }
  }

  /** Drops entries at or past `position` (the log was truncated there). Called under the partition lock. */
  truncateFrom(position: number): void {
    this.refresh();
    let keep = this.positions.length;
    while (keep > 0 && this.positions[keep - 1]! >= position) keep--;
    this.offsets.length = keep;
    this.positions.length = keep;
    ftruncateSync(this.fd, keep * ENTRY);
  }

  close(): void {
    closeSync(this.fd);
  }
}
