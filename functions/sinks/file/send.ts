import { mkdir, open } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ConfluxError } from '../../../bus/errors.js';
import type { SinkWriter } from '../../../bus/task/contract.js';
import { payloadLines } from '../../adapters/source/lines.js';
import { nextTail, type OwnTail, OwnTailRecord, readTail } from './own-tail.js';

/** The file sink's settings, as conflux.yaml gives them. */
export interface FileSinkOptions {
  path: string;
}

type FileHandle = Awaited<ReturnType<typeof open>>;

/**
 * Opens `path` (relative to `baseDir`) for appending. A batch is acknowledged only after one
 * write and one fdatasync, so an acknowledged line survives a crash of the machine too; writes
 * that arrive while one is in flight go out together in the next (group commit).
 *
 * The sink never cuts bytes it did not write. With a `dataDir` it remembers, per file, the
 * length after its last synced write and the extent of the write in progress (own-tail.ts): a
 * torn last line inside that extent (the process died mid-write) is cut on open, and its events
 * are delivered again. Any other file is left as it is; one that ends without a newline gets one
 * before the sink's first line, so each payload still starts a line.
 */
export async function connect(
  options: FileSinkOptions,
  context: { baseDir: string; dataDir?: string },
): Promise<SinkWriter> {
  const path = resolve(context.baseDir, options.path);
  await mkdir(dirname(path), { recursive: true });
  const file = await open(path, 'a+').catch((error: unknown) => {
    throw new ConfluxError('sink.file.open', `cannot open ${path} for appending`, { path: 'sink.path', cause: error });
  });
  const record = await OwnTailRecord.open(context.dataDir, path);
  const appender = new Appender(file, record);
  try {
    await appender.recover(record.recorded);
  } catch (error) {
    await appender.close();
    throw error;
  }
  return {
    write: (messages) => appender.append(Buffer.from(payloadLines(messages))),
    close: () => appender.close(),
  };
}

interface Waiting {
  bytes: Buffer;
  resolve(): void;
  reject(error: unknown): void;
}

/** Appends with group commit, and keeps the sink's own-tail record current around each write. */
class Appender {
  private dev = 0;
  private ino = 0;
  /** The file's length after the last synced write, and the bytes just before it. */
  private synced = 0;
  private tail: Buffer = Buffer.alloc(0);
  /** The file ends mid-line (someone else's last line): the next write starts with a newline. */
  private needsNewline = false;
  /** A write failed part way: recover before the next one. */
  private uncertain: OwnTail | undefined;
  private queue: Waiting[] = [];
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly file: FileHandle,
    private readonly record: OwnTailRecord,
  ) {}

  /** Looks at the file's end: cuts a torn line only when `own` says the sink was writing it. */
  async recover(own: OwnTail | undefined): Promise<void> {
    const { size, dev, ino } = await this.file.stat();
    this.dev = dev;
    this.ino = ino;
    this.synced = size;
    this.tail = await readTail(this.file, size);
    this.needsNewline = size > 0 && this.tail.at(-1) !== 0x0a;
    if (!this.needsNewline || own === undefined || !(await this.wroteTail(own, size))) return;
    const cut = await lineEnd(this.file, own.synced, size);
    await this.file.truncate(cut);
    await this.file.datasync();
    this.synced = cut;
    this.tail = await readTail(this.file, cut);
    this.needsNewline = false;
  }

  /** True when the torn end lies within the write `own` recorded as in progress on this very file. */
  private async wroteTail(own: OwnTail, size: number): Promise<boolean> {
    if (own.dev !== this.dev || own.ino !== this.ino) return false;
    if (size <= own.synced || size > own.synced + own.writing) return false;
    return (await readTail(this.file, own.synced)).toString('base64') === own.tail;
  }

  append(bytes: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ bytes, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  /** Writes until the queue is empty; `flushing` is cleared in the same step that finds it empty. */
  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        await this.writeSynced(batch.map((w) => w.bytes));
        for (const waiting of batch) waiting.resolve();
      } catch (error) {
        for (const waiting of batch) waiting.reject(error);
      }
    }
    this.flushing = undefined;
  }

  private async writeSynced(parts: Buffer[]): Promise<void> {
    if (this.uncertain !== undefined) {
      await this.recover(this.uncertain);
      this.uncertain = undefined;
    }
    if (this.needsNewline) parts.unshift(Buffer.from('\n'));
    const bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    const base = { dev: this.dev, ino: this.ino, synced: this.synced, tail: this.tail.toString('base64') };
    await this.record.save({ ...base, writing: bytes.length });
    try {
      await this.file.write(bytes);
      await this.file.datasync();
    } catch (error) {
      this.uncertain = { ...base, writing: bytes.length };
      throw error;
    }
    this.needsNewline = false;
    this.synced += bytes.length;
    this.tail = nextTail(this.tail, bytes);
    await this.record.save({ ...base, synced: this.synced, tail: this.tail.toString('base64'), writing: 0 });
  }

  async close(): Promise<void> {
    await this.flushing;
    await this.file.close();
    await this.record.close();
  }
}

/** Where the last whole line ends in `[from, size)`; `from` itself when there is none. */
async function lineEnd(file: FileHandle, from: number, size: number): Promise<number> {
  const chunk = Buffer.alloc(Math.min(size - from, 64 * 1024));
  let end = size;
  while (end > from) {
    const start = Math.max(from, end - chunk.length);
    const { bytesRead } = await file.read(chunk, 0, end - start, start);
    const newline = chunk.subarray(0, bytesRead).lastIndexOf(0x0a);
    if (newline >= 0) return start + newline + 1;
    end = start;
  }
  return from;
}
