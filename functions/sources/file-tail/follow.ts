import { type FileHandle, open, readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { glob } from 'tinyglobby';
import { type FileRecord, RecordCutter } from './records.js';

/** Where reading a file goes on: the byte offset of the next record and its line number. */
export interface FilePosition {
  /** The path the file had when the position was taken. */
  path: string;
  offset: number;
  line: number;
}

/** The file a record came from: `path` when read, `id` `<device>-<inode>`, stable across renames. */
export interface TailFile {
  path: string;
  id: string;
}

/** What the follower needs from its source. */
export interface FollowOptions {
  /** Paths or globs, relative ones from `cwd`. */
  patterns: string[];
  cwd: string;
  /** Where a file known from before goes on (the last acknowledged position), by file id. */
  known(id: string): FilePosition | undefined;
  /** The ids of the files known from an earlier run; undefined at the very first start. */
  stored: readonly string[] | undefined;
  /** At the very first start, where the files already there begin. */
  from: 'beginning' | 'end';
  multiline?: { start: RegExp; timeoutMs: number };
  pollMs: number;
  /** Called with each record and its file, in file order. */
  emit(record: FileRecord, file: TailFile): void;
  /** False while too much waits for acknowledgement: reading pauses until `wake()`. */
  canRead(): boolean;
  /** Called once after the first pass with where each file found then begins (to store it). */
  started(positions: Record<string, FilePosition>): void;
}

interface Tracked {
  id: string;
  path: string;
  handle: FileHandle;
  cutter: RecordCutter;
  /** The globs no longer name this file (renamed away or deleted): it is read to its end, then closed. */
  gone: boolean;
  /** Passes in a row that found a gone file with nothing more to read. */
  quietPasses: number;
  /** When bytes last arrived (for the multi-line timeout). */
  grewAt: number;
}

const CHUNK_BYTES = 256 * 1024;

/**
 * Follows the files the globs name, the way `tail -F` does: each file is known by its device and
 * inode, so a rename (logrotate's default) keeps the old file being read to its end while the new
 * file under the name is read from its start; a file that shrank was truncated (copytruncate) and is
 * read again from 0; files that appear later are read from their start. On the first pass,
 * a file known from `stored` goes on where it was, also when it was renamed while conflux was down
 * (its folder is searched for the inode). Polls every `pollMs`, and reads on at once while files grow.
 *
 * @example const follower = new Follower(options); void follower.run(); … follower.stop()
 */
export class Follower {
  private readonly tracked = new Map<string, Tracked>();
  private stopped = false;
  private wakeUp: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: FollowOptions) {}

  /** Finds the files and where each begins; records appended after it resolved are read. */
  async start(): Promise<void> {
    await this.firstPass();
  }

  /** After `start`, runs passes until stopped; rejects when a file cannot be read. */
  async run(): Promise<void> {
    try {
      while (!this.stopped) {
        const busy = await this.pass();
        if (!this.stopped) await this.rest(busy && this.options.canRead() ? 0 : this.options.pollMs);
      }
    } finally {
      for (const file of this.tracked.values()) await file.handle.close().catch(() => {});
      this.tracked.clear();
    }
  }

  /** Ends `run` after the pass in progress. */
  stop(): void {
    this.stopped = true;
    this.wake();
  }

  /** Cuts a rest short (an acknowledgement made room to read on). */
  wake(): void {
    this.wakeUp?.();
  }

  private rest(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(this.timer);
        this.wakeUp = undefined;
        resolve();
      };
      this.wakeUp = done;
      this.timer = setTimeout(done, ms);
    });
  }

  private async firstPass(): Promise<void> {
    const { stored, from } = this.options;
    const matched = await this.match();
    const positions: Record<string, FilePosition> = {};
    for (const [id, path] of matched) {
      const known = this.options.known(id);
      const begin =
        known ?? (stored === undefined && from === 'end' ? await endOf(path) : { path, offset: 0, line: 1 });
      if ((await this.track(id, path, begin)) !== undefined) positions[id] = { ...begin, path };
    }
    // files renamed away while conflux was down: found by inode in their old folder, read to their end
    for (const id of stored ?? []) {
      const known = this.options.known(id);
      if (matched.has(id) || known === undefined) continue;
      const path = await findInode(dirname(known.path), id);
      if (path === undefined) continue;
      const file = await this.track(id, path, known);
      if (file === undefined) continue;
      file.gone = true;
      positions[id] = { ...known, path };
    }
    this.options.started(positions);
  }

  /** One pass: match the globs, notice renames, read what grew; true when a file had more to read than one pass took. */
  private async pass(): Promise<boolean> {
    const matched = await this.match();
    for (const file of this.tracked.values()) {
      const path = matched.get(file.id);
      file.gone = path === undefined;
      if (path !== undefined) file.path = path;
    }
    for (const [id, path] of matched) {
      if (!this.tracked.has(id)) await this.track(id, path, this.options.known(id) ?? { path, offset: 0, line: 1 });
    }
    let busy = false;
    // a file renamed away first: it holds the older lines
    const files = [...this.tracked.values()].sort((a, b) => Number(b.gone) - Number(a.gone));
    for (const file of files) {
      if (this.stopped) break;
      busy = (await this.read(file)) || busy;
    }
    return busy;
  }

  /** Reads what a file gained since the last pass (up to a few chunks while reading may go on). */
  private async read(file: Tracked): Promise<boolean> {
    const { size } = await file.handle.stat();
    if (size < file.cutter.position) {
      file.cutter = new RecordCutter(0, 1, this.options.multiline?.start); // truncated: read it again from the start
    }
    let chunks = 0;
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    while (file.cutter.position < size && chunks < 8 && this.options.canRead() && !this.stopped) {
      const { bytesRead } = await file.handle.read(buffer, 0, CHUNK_BYTES, file.cutter.position);
      if (bytesRead === 0) break;
      chunks++;
      file.grewAt = Date.now();
      file.quietPasses = 0;
      for (const record of file.cutter.push(buffer.subarray(0, bytesRead))) this.emit(file, record);
    }
    if (file.cutter.position < size) return true;
    const multiline = this.options.multiline;
    if (multiline !== undefined && file.cutter.holding && Date.now() - file.grewAt >= multiline.timeoutMs) {
      for (const record of file.cutter.flush(false)) this.emit(file, record);
    }
    if (file.gone && ++file.quietPasses >= 2) {
      // renamed away or deleted, and nothing came for two passes: the writer moved on
      for (const record of file.cutter.flush(true)) this.emit(file, record);
      this.tracked.delete(file.id);
      await file.handle.close();
    }
    return false;
  }

  private emit(file: Tracked, record: FileRecord): void {
    this.options.emit(record, file);
  }

  /** Opens a file to follow; undefined when it vanished since it was matched. */
  private async track(id: string, path: string, begin: { offset: number; line: number }): Promise<Tracked | undefined> {
    const handle = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (handle === undefined) return undefined;
    const { size } = await handle.stat();
    const start = size < begin.offset ? { offset: 0, line: 1 } : begin; // truncated while conflux was down
    const file: Tracked = {
      id,
      path,
      handle,
      cutter: new RecordCutter(start.offset, start.line, this.options.multiline?.start),
      gone: false,
      quietPasses: 0,
      grewAt: Date.now(),
    };
    this.tracked.set(id, file);
    return file;
  }

  /** The files the globs name now, by id (the first path wins when two name one file). */
  private async match(): Promise<Map<string, string>> {
    const paths = await glob(this.options.patterns, {
      cwd: this.options.cwd,
      absolute: true,
      onlyFiles: true,
      expandDirectories: false,
    });
    const matched = new Map<string, string>();
    for (const path of paths.sort()) {
      const info = await stat(path).catch(() => undefined); // gone between the glob and the stat
      if (info === undefined) continue;
      const id = `${info.dev}-${info.ino}`;
      if (!matched.has(id)) matched.set(id, path);
    }
    return matched;
  }
}

/** Where `from: end` starts a file: just past its last newline, with that line's number. */
async function endOf(path: string): Promise<FilePosition> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let position = 0;
    let lines = 0;
    let lastNewline = -1;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, position);
      if (bytesRead === 0) break;
      for (let at = buffer.indexOf(0x0a); at !== -1 && at < bytesRead; at = buffer.indexOf(0x0a, at + 1)) {
        lines++;
        lastNewline = position + at;
      }
      position += bytesRead;
    }
    return { path, offset: lastNewline + 1, line: lines + 1 };
  } finally {
    await handle.close();
  }
}

/** The path in `dir` of the file with this id, if one is still there. */
async function findInode(dir: string, id: string): Promise<string | undefined> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const info = await stat(join(dir, name)).catch(() => undefined);
    if (info?.isFile() && `${info.dev}-${info.ino}` === id) return join(dir, name);
  }
  return undefined;
}
