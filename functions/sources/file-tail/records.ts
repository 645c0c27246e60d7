/** One line, or one multi-line record, of a file: where it starts and ends, and its text. */
export interface FileRecord {
  /** The byte offset of its first line. */
  offset: number;
  /** The byte offset just past its last newline: where reading goes on once it is acknowledged. */
  end: number;
  /** The 1-based number of its first line. */
  lineNumber: number;
  /** The number of lines it holds. */
  lines: number;
  /** The text, lines joined by `\n`, without the last newline (a `\r` before a newline is dropped too). */
  text: string;
}

/** Past this many bytes a line without a newline is cut, and a multi-line record emitted. */
export const MAX_RECORD_BYTES = 1024 * 1024;
/** Past this many lines a multi-line record is emitted. */
const MAX_RECORD_LINES = 1000;
const NEWLINE = 0x0a;

/**
 * Cuts the bytes of one file into records, from a byte offset and line number on. Without `start`
 * every line is a record; with it, a line matching `start` begins a record and any other line joins
 * the one before, which is held until the next record begins (or `flush`: the file went quiet or away).
 * A line still missing its newline waits for more bytes. Pure: no I/O, no clock.
 *
 * @example new RecordCutter(0, 1).push(Buffer.from('a\nb\nc')) // a and b; c waits for its newline
 */
export class RecordCutter {
  private carry: Buffer = Buffer.alloc(0);
  private carryOffset: number;
  private nextLine: number;
  private held: FileRecord | undefined;

  constructor(
    offset: number,
    lineNumber: number,
    private readonly start?: RegExp,
  ) {
    this.carryOffset = offset;
    this.nextLine = lineNumber;
  }

  /** The offset the next bytes pushed must start at. */
  get position(): number {
    return this.carryOffset + this.carry.length;
  }

  /** True while a multi-line record waits for more lines. */
  get holding(): boolean {
    return this.held !== undefined;
  }

  /** Takes the next bytes of the file; returns the records they complete, in order. */
  push(chunk: Buffer): FileRecord[] {
    const bytes = this.carry.length === 0 ? chunk : Buffer.concat([this.carry, chunk]);
    const out: FileRecord[] = [];
    let from = 0;
    for (let at = bytes.indexOf(NEWLINE, from); at !== -1; at = bytes.indexOf(NEWLINE, from)) {
      this.line(bytes, from, at, at + 1, out);
      from = at + 1;
    }
    while (bytes.length - from > MAX_RECORD_BYTES) {
      this.line(bytes, from, from + MAX_RECORD_BYTES, from + MAX_RECORD_BYTES, out);
      from += MAX_RECORD_BYTES;
    }
    this.carryOffset += from;
    this.carry = from === bytes.length ? Buffer.alloc(0) : Buffer.from(bytes.subarray(from));
    return out;
  }

  /**
   * Emits the held record; with `partial`, the bytes of a last line without its newline too (the
   * file is done with: rotated away and drained).
   */
  flush(partial: boolean): FileRecord[] {
    const out: FileRecord[] = [];
    if (partial && this.carry.length > 0) {
      const bytes = this.carry;
      this.line(bytes, 0, bytes.length, bytes.length, out);
      this.carryOffset += bytes.length;
      this.carry = Buffer.alloc(0);
    }
    if (this.held !== undefined) out.push(this.held);
    this.held = undefined;
    return out;
  }

  private line(bytes: Buffer, from: number, textEnd: number, end: number, out: FileRecord[]): void {
    const cut = textEnd > from && textEnd < end && bytes[textEnd - 1] === 0x0d ? textEnd - 1 : textEnd;
    const text = bytes.toString('utf8', from, cut);
    const offset = this.carryOffset + from;
    const record: FileRecord = { offset, end: this.carryOffset + end, lineNumber: this.nextLine, lines: 1, text };
    this.nextLine++;
    if (this.start === undefined) {
      out.push(record);
      return;
    }
    const held = this.held;
    if (held !== undefined && !this.start.test(text) && this.fits(held, text)) {
      held.text += `\n${text}`;
      held.lines++;
      held.end = record.end;
      return;
    }
    if (held !== undefined) out.push(held);
    this.held = record;
  }

  private fits(held: FileRecord, text: string): boolean {
    return held.lines < MAX_RECORD_LINES && held.text.length + text.length < MAX_RECORD_BYTES;
  }
}
