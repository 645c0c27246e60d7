/**
 * One topic-partition of the embedded log: its segments, the end of its valid frames (the tail), and
 * appends and reads. Appends take the partition's lock file, catch up with frames other processes
 * appended (cutting a torn tail a killed writer left), assign offsets, write once and fdatasync.
 */
import { fdatasync, fstatSync, ftruncateSync, mkdirSync, read, write } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { StoredRecord } from '../types.js';
import { checkFrame, decodeFrame, encodeFrames, type FrameRecord } from './frame.js';
import { LockLease } from './lock.js';
import { closeSegment, listSegmentBases, openSegment, readAt, type Segment, scan } from './segment.js';

const readAsync = promisify(read);
const writeAsync = (fd: number, buf: Buffer, offset: number, length: number, position: number) =>
  new Promise<number>((resolve, reject) =>
    write(fd, buf, offset, length, position, (error, written) => (error ? reject(error) : resolve(written))),
  );
const fdatasyncAsync = promisify(fdatasync);
const SCAN_CHUNK = 1 << 20;
const MIN_READ = 64 << 10;
const SCRATCH_LIMIT = 8 << 20;

/** How a partition stores its files. */
export interface PartitionConfig {
  dir: string;
  topic: string;
  partition: number;
  segmentBytes: number;
  indexIntervalBytes: number;
  lockTimeoutMs: number;
}

/** A record waiting for its offset. */
export type PendingRecord = Omit<FrameRecord, 'offset'>;

interface Place {
  seg: Segment;
  pos: number;
  next: number;
}

/** The partition's files as one process sees them. Methods are not re-entrant per instance for appends. */
export class PartitionLog {
  private readonly segments: Segment[] = [];
  private tail: Place;
  private cursor: Place | null = null;
  /** Reused for encoding: appends of one partition run one at a time, so it is free again by the next. */
  private scratch: Buffer | undefined;
  private readonly lock: LockLease;

  constructor(private readonly config: PartitionConfig) {
    mkdirSync(config.dir, { recursive: true });
    this.lock = new LockLease(join(config.dir, 'append.lock'), config.lockTimeoutMs);
    this.refreshSegments();
    if (this.segments.length === 0) this.segments.push(openSegment(config.dir, 0, true));
    const last = this.segments[this.segments.length - 1]!;
    this.tail = this.hint(last, Number.POSITIVE_INFINITY) ?? { seg: last, pos: 0, next: last.base };
  }

  /** Appends records under the partition lock; resolves with the first offset once they are durable. */
  async append(records: readonly PendingRecord[]): Promise<number> {
    await this.lock.take();
    let seg: Segment;
    let base: number;
    try {
      this.advanceTail(true);
      if (this.tail.pos >= this.config.segmentBytes) this.roll();
      seg = this.tail.seg;
      base = this.tail.next;
      const frames: FrameRecord[] = records.map((r, i) => ({
        offset: base + i,
        timestamp: r.timestamp,
        key: r.key,
        value: r.value,
        headers: r.headers,
      }));
      const { buffer, positions } = encodeFrames(frames, this.scratch);
      if (buffer.buffer !== this.scratch?.buffer && buffer.length <= SCRATCH_LIMIT) this.scratch = buffer;
      seg.index.refresh();
      let last = seg.index.lastPosition();
      const entries = [];
      for (let i = 0; i < positions.length; i++) {
        const position = this.tail.pos + positions[i]!;
        if (position - last < this.config.indexIntervalBytes) continue;
        entries.push({ offset: base + i, position });
        last = position;
      }
      // a read in this process may move `tail` over our frames while the write is under way
      const start = this.tail.pos;
      for (let done = 0; done < buffer.length; ) {
        done += await writeAsync(seg.fd, buffer, done, buffer.length - done, start + done);
      }
      seg.index.append(entries);
      this.tail = { seg, pos: start + buffer.length, next: base + records.length };
    } catch (error) {
      this.lock.release();
      throw error;
    }
    this.lock.done();
    await fdatasyncAsync(seg.fd);
    return base;
  }

  /** Up to `max` records from `offset` on, as far as whole frames go now. */
  async read(offset: number, max: number): Promise<StoredRecord[]> {
    const out: StoredRecord[] = [];
    let place = this.locate(offset);
    if (place === null || max <= 0) return out;
    let want = Math.min(SCAN_CHUNK, Math.max(MIN_READ, max * 1100));
    const { topic, partition } = this.config;
    while (out.length < max) {
      const buf = Buffer.allocUnsafe(want);
      const got = (await readAsync(place.seg.fd, buf, 0, want, place.pos)).bytesRead;
      const view = got === want ? buf : buf.subarray(0, got);
      let p = 0;
      let next: number = place.next;
      let c = checkFrame(view, 0);
      while (c.status === 'ok' && out.length < max) {
        const f = decodeFrame(view, p);
        if (f.offset >= offset) {
          out.push({
            topic,
            partition,
            offset: f.offset,
            timestamp: f.timestamp,
            key: f.key,
            value: f.value,
            headers: f.headers,
          });
        }
        p += c.size;
        next = f.offset + 1;
        c = checkFrame(view, p);
      }
      place = { seg: place.seg, pos: place.pos + p, next };
      if (out.length >= max) break;
      if (c.status === 'incomplete' && got === want) {
        if (p === 0) want = Math.max(want, c.need);
        continue;
      }
      const following = this.following(place.seg, c.status === 'incomplete' && p === got);
      if (following === null) break;
      place = { seg: following, pos: 0, next: following.base };
    }
    this.cursor = place;
    return out;
  }

  /** The offset the next appended record will get, counting frames other processes appended. */
  endOffset(): number {
    this.advanceTail(false);
    return this.tail.next;
  }

  close(): void {
    this.lock.release();
    for (const seg of this.segments) closeSegment(seg);
  }

  /** Catches the tail up with the file; `repair` (lock held) cuts a torn tail a killed writer left. */
  private advanceTail(repair: boolean): void {
    for (;;) {
      const { seg } = this.tail;
      if (fstatSync(seg.fd).size !== this.tail.pos) {
        const r = scan(seg.fd, this.tail.pos, this.tail.next);
        this.tail = { seg, pos: r.pos, next: r.next };
        if (!r.clean && repair) {
          ftruncateSync(seg.fd, r.pos);
          seg.index.truncateFrom(r.pos);
        }
      }
      if (this.tail.pos < this.config.segmentBytes) return;
      const newer = this.following(seg, true);
      if (newer === null) return;
      this.tail = { seg: newer, pos: 0, next: newer.base };
    }
  }

  /** The segment after `seg` once `seg` is finished, looking for segments other processes rolled. */
  private following(seg: Segment, atCleanEnd: boolean): Segment | null {
    if (!atCleanEnd) return null;
    let i = this.segments.indexOf(seg);
    if (i === this.segments.length - 1) {
      if (fstatSync(seg.fd).size < this.config.segmentBytes) return null;
      this.refreshSegments();
      i = this.segments.indexOf(seg);
    }
    return this.segments[i + 1] ?? null;
  }

  private roll(): void {
    const seg = openSegment(this.config.dir, this.tail.next, true);
    this.segments.push(seg);
    this.tail = { seg, pos: 0, next: seg.base };
    this.advanceTail(true);
  }

  private refreshSegments(): void {
    const known = new Set(this.segments.map((s) => s.base));
    for (const base of listSegmentBases(this.config.dir)) {
      if (!known.has(base)) this.segments.push(openSegment(this.config.dir, base));
    }
    this.segments.sort((a, b) => a.base - b.base);
  }

  /** Where to start reading for `offset`, or null when it lies past the end. */
  private locate(offset: number): Place | null {
    if (this.cursor !== null && this.cursor.next === offset) return this.cursor;
    if (offset >= this.tail.next) {
      this.advanceTail(false);
      if (offset > this.tail.next) return null;
      if (offset === this.tail.next) return this.tail;
    }
    let seg = this.segments[0]!;
    for (const s of this.segments) if (s.base <= offset) seg = s;
    return this.hint(seg, offset) ?? { seg, pos: 0, next: seg.base };
  }

  /** The index entry at or before `offset`, checked against the frame it points at. */
  private hint(seg: Segment, offset: number): Place | null {
    seg.index.refresh();
    const entry = seg.index.lookup(offset);
    if (entry === null) return null;
    const head = readAt(seg.fd, entry.position, MIN_READ);
    let c = checkFrame(head, 0);
    if (c.status === 'incomplete' && head.length === MIN_READ)
      c = checkFrame(readAt(seg.fd, entry.position, c.need), 0);
    return c.status === 'ok' && c.offset === entry.offset ? { seg, pos: entry.position, next: entry.offset } : null;
  }
}
