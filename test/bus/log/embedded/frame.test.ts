import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkFrame,
  decodeFrame,
  encodeFrames,
  FRAME_HEADER,
  type FrameRecord,
} from '../../../../bus/log/embedded/frame.js';

const record = fc.record({
  offset: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
  timestamp: fc.nat({ max: 2 ** 45 }),
  key: fc.option(
    fc.oneof(
      fc.string(),
      fc.uint8Array().map((a) => Buffer.from(a)),
    ),
  ),
  value: fc.oneof(
    fc.string(),
    fc.uint8Array({ maxLength: 3000 }).map((a) => Buffer.from(a)),
  ),
  headers: fc.option(fc.dictionary(fc.string({ maxLength: 20 }), fc.string()), { nil: undefined }),
});

const bytes = (data: Buffer | string) => (typeof data === 'string' ? Buffer.from(data) : data);

describe('frames', () => {
  it('decode gives back what was encoded, frame after frame', () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 8 }), (records: FrameRecord[]) => {
        const { buffer, positions } = encodeFrames(records);
        let pos = 0;
        records.forEach((r, i) => {
          expect(pos).toBe(positions[i]);
          const check = checkFrame(buffer, pos);
          expect(check).toMatchObject({ status: 'ok', offset: r.offset });
          const frame = decodeFrame(buffer, pos);
          expect(frame.offset).toBe(r.offset);
          expect(frame.timestamp).toBe(r.timestamp);
          expect(frame.key === null ? null : frame.key.equals(bytes(r.key!))).toBe(r.key === null ? null : true);
          expect(frame.value.equals(bytes(r.value))).toBe(true);
          expect(frame.headers).toEqual({ ...r.headers });
          pos += frame.size;
        });
        expect(pos).toBe(buffer.length);
      }),
    );
  });

  it('tells a null key from an empty one', () => {
    const { buffer } = encodeFrames([
      { offset: 0, timestamp: 1, key: null, value: 'a', headers: undefined },
      { offset: 1, timestamp: 1, key: '', value: 'b', headers: undefined },
    ]);
    const first = decodeFrame(buffer, 0);
    expect(first.key).toBeNull();
    expect(decodeFrame(buffer, first.size).key).toEqual(Buffer.alloc(0));
  });

  it('finds any flipped byte in the payload through the crc', () => {
    const { buffer } = encodeFrames([{ offset: 7, timestamp: 1, key: 'k', value: 'value', headers: { h: 'v' } }]);
    for (let i = FRAME_HEADER; i < buffer.length; i++) {
      const copy = Buffer.from(buffer);
      copy[i] = copy[i]! ^ 0x01;
      expect(checkFrame(copy, 0).status).toBe('corrupt');
    }
  });

  it('calls a cut frame incomplete and says how many bytes it needs', () => {
    const { buffer } = encodeFrames([
      { offset: 0, timestamp: 1, key: null, value: 'x'.repeat(100), headers: undefined },
    ]);
    for (const cut of [0, 3, FRAME_HEADER, buffer.length - 1]) {
      const check = checkFrame(buffer.subarray(0, cut), 0);
      expect(check.status).toBe('incomplete');
      if (cut >= FRAME_HEADER && check.status === 'incomplete') expect(check.need).toBe(buffer.length);
    }
  });

  it('keeps a header called __proto__ as a header', () => {
    const headers = JSON.parse('{"__proto__":"x","a":"b"}') as Record<string, string>;
    const { buffer } = encodeFrames([{ offset: 0, timestamp: 0, key: null, value: 'v', headers }]);
    expect(Object.entries(decodeFrame(buffer, 0).headers)).toEqual([
      ['__proto__', 'x'],
      ['a', 'b'],
    ]);
  });

  it('calls a zeroed tail corrupt, not a record', () => {
    expect(checkFrame(Buffer.alloc(64), 0).status).toBe('corrupt');
  });
});
