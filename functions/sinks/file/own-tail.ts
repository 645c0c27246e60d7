import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';

type FileHandle = Awaited<ReturnType<typeof open>>;

/** At most this many bytes before `synced` are kept to recognise the file as the one the sink wrote. */
const TAIL_BYTES = 32;
/** The record is rewritten in place at this fixed size: one positioned write, never a torn record. */
const RECORD_BYTES = 512;

/**
 * What a file sink wrote to its file, as last recorded: the file (device, inode), the length
 * after its last synced write, the bytes just before that length, and how many bytes a write
 * in progress adds after it. A tail may be cut only inside that write in progress.
 */
export interface OwnTail {
  dev: number;
  ino: number;
  synced: number;
  /** The last bytes before `synced`, base64. */
  tail: string;
  writing: number;
}

/**
 * The file sink's memory of its own writes, one small record per output file under
 * `<dataDir>/sinks/file/`. It is rewritten before each write (the write's extent) and after
 * each sync (the new length), with no fsync of its own: it survives a crash of the process,
 * which is what tears a line; after a crash of the machine it may be stale, and a stale or
 * missing record only means the sink cuts nothing.
 */
export class OwnTailRecord {
  private constructor(
    private readonly handle: FileHandle | undefined,
    private readonly last: OwnTail | undefined,
  ) {}

  /** Opens the record for the file at absolute `path`; without a data directory, nothing is remembered. */
  static async open(dataDir: string | undefined, path: string): Promise<OwnTailRecord> {
    if (dataDir === undefined) return new OwnTailRecord(undefined, undefined);
    const dir = join(dataDir, 'sinks', 'file');
    await mkdir(dir, { recursive: true });
    const name = `${createHash('sha256').update(path).digest('hex').slice(0, 24)}.json`;
    // read-write without O_APPEND: the record is rewritten at position 0
    const handle = await open(join(dir, name), constants.O_RDWR | constants.O_CREAT);
    const text = (await handle.readFile('utf8')).trim();
    return new OwnTailRecord(handle, parse(text));
  }

  /** What was recorded when the sink last ran (undefined: nothing, or not readable). */
  get recorded(): OwnTail | undefined {
    return this.last;
  }

  /** Rewrites the record in place. */
  async save(state: OwnTail): Promise<void> {
    if (this.handle === undefined) return;
    const text = JSON.stringify(state).padEnd(RECORD_BYTES - 1, ' ');
    await this.handle.write(`${text}\n`, 0);
  }

  /** Closes the record's file. */
  async close(): Promise<void> {
    await this.handle?.close();
  }
}

/** The last `TAIL_BYTES` of `before` followed by `added`. */
export function nextTail(before: Buffer, added: Buffer): Buffer {
  const joined = Buffer.concat([before, added.subarray(Math.max(0, added.length - TAIL_BYTES))]);
  return joined.subarray(Math.max(0, joined.length - TAIL_BYTES));
}

/** Reads the up to `TAIL_BYTES` bytes that end at `end`. */
export async function readTail(file: FileHandle, end: number): Promise<Buffer> {
  const start = Math.max(0, end - TAIL_BYTES);
  const bytes = Buffer.alloc(end - start);
  const { bytesRead } = await file.read(bytes, 0, bytes.length, start);
  return bytes.subarray(0, bytesRead);
}

function parse(text: string): OwnTail | undefined {
  if (text === '') return undefined;
  try {
    const value = JSON.parse(text) as Partial<OwnTail>;
    const numbers = [value.dev, value.ino, value.synced, value.writing];
    if (numbers.every((n) => typeof n === 'number' && Number.isSafeInteger(n)) && typeof value.tail === 'string')
      return value as OwnTail;
  } catch {
    // an unreadable record remembers nothing: the sink then cuts nothing
  }
  return undefined;
}
