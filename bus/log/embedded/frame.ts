/**
 * The on-disk record frame of the embedded log, Kafka's shape on a local file:
 *
 *   u32 length · u32 crc32(payload) · payload
 *   payload = f64 offset · f64 timestamp · i32 keyLength (-1 = null) · key · u32 valueLength · value
 *             · u16 headerCount · (u16 nameLength · name · u32 valueLength · value)*
 *
 * Little-endian throughout. Offsets and timestamps are integers below 2^53, exact in an f64.
 */
import { crc32 } from 'node:zlib';

/** Bytes before the payload: length and crc. */
export const FRAME_HEADER = 8;
/** The smallest payload: offset, timestamp, key length, value length, header count. */
const MIN_PAYLOAD = 8 + 8 + 4 + 4 + 2;
/** A length above this is garbage (a torn or zeroed tail), not a record. */
export const MAX_PAYLOAD = 64 * 1024 * 1024;

/** What a frame holds once its offset is assigned. */
export interface FrameRecord {
  offset: number;
  timestamp: number;
  key: Buffer | string | null;
  value: Buffer | string;
  headers: Record<string, string> | undefined;
}

/** A frame read back: its record and the bytes it took. */
export interface DecodedFrame {
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer;
  headers: Record<string, string>;
  size: number;
}

function byteLength(data: Buffer | string): number {
  return typeof data === 'string' ? Buffer.byteLength(data) : data.length;
}

function payloadLength(record: FrameRecord): number {
  let size = MIN_PAYLOAD + byteLength(record.value) + (record.key === null ? 0 : byteLength(record.key));
  if (record.headers !== undefined) {
    for (const name in record.headers) size += 6 + Buffer.byteLength(name) + Buffer.byteLength(record.headers[name]!);
  }
  return size;
}

function put(buf: Buffer, pos: number, data: Buffer | string): number {
  return typeof data === 'string' ? pos + buf.write(data, pos) : pos + data.copy(buf, pos);
}

/**
 * Encodes records into one buffer of consecutive frames; `positions[i]` is where frame i starts.
 * The result is a view of `scratch` when that is big enough (callers reuse it between batches).
 */
export function encodeFrames(
  records: readonly FrameRecord[],
  scratch?: Buffer,
): { buffer: Buffer; positions: number[] } {
  const lengths = records.map(payloadLength);
  let total = 0;
  for (const length of lengths) total += FRAME_HEADER + length;
  const buf =
    scratch !== undefined && scratch.length >= total ? scratch.subarray(0, total) : Buffer.allocUnsafeSlow(total);
  const positions: number[] = [];
  let pos = 0;
  records.forEach((record, i) => {
    const length = lengths[i]!;
    if (length > MAX_PAYLOAD) throw new RangeError(`record of ${length} bytes is over the ${MAX_PAYLOAD} byte limit`);
    const start = pos;
    positions.push(start);
    buf.writeUInt32LE(length, pos);
    pos += FRAME_HEADER;
    buf.writeDoubleLE(record.offset, pos);
    buf.writeDoubleLE(record.timestamp, pos + 8);
    pos += 16;
    if (record.key === null) {
      buf.writeInt32LE(-1, pos);
      pos += 4;
    } else {
      buf.writeInt32LE(byteLength(record.key), pos);
      pos = put(buf, pos + 4, record.key);
    }
    buf.writeUInt32LE(byteLength(record.value), pos);
    pos = put(buf, pos + 4, record.value);
    const names = record.headers === undefined ? [] : Object.keys(record.headers);
    buf.writeUInt16LE(names.length, pos);
    pos += 2;
    for (const name of names) {
      buf.writeUInt16LE(Buffer.byteLength(name), pos);
      pos = put(buf, pos + 2, name);
      const value = record.headers![name]!;
      buf.writeUInt32LE(Buffer.byteLength(value), pos);
      pos = put(buf, pos + 4, value);
    }
    buf.writeUInt32LE(crc32(buf.subarray(start + FRAME_HEADER, pos)), start + 4);
  });
  return { buffer: buf, positions };
}

/**
 * What lies at `pos`: a whole frame with a good crc (`ok`, with its size and offset), not enough bytes
 * yet (`incomplete`: a write in progress, or a torn tail), or bytes that are no frame (`corrupt`).
 */
export function checkFrame(
  buf: Buffer,
  pos: number,
): { status: 'ok'; size: number; offset: number } | { status: 'incomplete'; need: number } | { status: 'corrupt' } {
  if (buf.length - pos < FRAME_HEADER) return { status: 'incomplete', need: FRAME_HEADER };
  const length = buf.readUInt32LE(pos);
  if (length < MIN_PAYLOAD || length > MAX_PAYLOAD) return { status: 'corrupt' };
  const end = pos + FRAME_HEADER + length;
  if (end > buf.length) return { status: 'incomplete', need: FRAME_HEADER + length };
  if (crc32(buf.subarray(pos + FRAME_HEADER, end)) !== buf.readUInt32LE(pos + 4)) return { status: 'corrupt' };
  return { status: 'ok', size: FRAME_HEADER + length, offset: buf.readDoubleLE(pos + FRAME_HEADER) };
}

/** Decodes the frame at `pos`, which `checkFrame` found `ok`. Key and value share `buf`'s memory. */
export function decodeFrame(buf: Buffer, pos: number): DecodedFrame {
  const size = FRAME_HEADER + buf.readUInt32LE(pos);
  let p = pos + FRAME_HEADER;
  const offset = buf.readDoubleLE(p);
  const timestamp = buf.readDoubleLE(p + 8);
  p += 16;
  const keyLength = buf.readInt32LE(p);
  p += 4;
  let key: Buffer | null = null;
  if (keyLength >= 0) {
    key = buf.subarray(p, p + keyLength);
    p += keyLength;
  }
  const valueLength = buf.readUInt32LE(p);
  const value = buf.subarray(p + 4, p + 4 + valueLength);
  p += 4 + valueLength;
  const count = buf.readUInt16LE(p);
  p += 2;
  const headers: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    const nameLength = buf.readUInt16LE(p);
    const name = buf.toString('utf8', p + 2, p + 2 + nameLength);
    p += 2 + nameLength;
    const length = buf.readUInt32LE(p);
    const value = buf.toString('utf8', p + 4, p + 4 + length);
    // a header may be called __proto__: define it rather than set the prototype
    if (name === '__proto__')
      Object.defineProperty(headers, name, { value, enumerable: true, writable: true, configurable: true });
    else headers[name] = value;
    p += 4 + length;
  }
  return { offset, timestamp, key, value, headers, size };
}
