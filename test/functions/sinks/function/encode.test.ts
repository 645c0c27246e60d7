import { describe, expect, it } from 'vitest';
import { encode } from '../../../../functions/sinks/function/encode.js';
import { conformanceMessage } from '../../../helpers/sink-conformance.js';

const withPayload = (payload: string) => ({ ...conformanceMessage(0), payload });

describe('function encode', () => {
  it('JSON payloads go in as their JSON values, text as it is as strings, in order', () => {
    const bytes = encode([
      withPayload('{"a":1}'),
      withPayload('text'),
      withPayload('7'),
      withPayload('"q"'),
      withPayload(''),
    ]);
    expect(JSON.parse(bytes.toString('utf8'))).toEqual([{ a: 1 }, 'text', 7, 'q', '']);
  });

  it('JSON text is kept as is (no re-serialising: big numbers keep their digits)', () => {
    expect(encode([withPayload('{"n":12345678901234567890}')]).toString()).toBe('[{"n":12345678901234567890}]');
  });

  it('unicode survives, and the bytes are a buffer of their own (transferable)', () => {
    const message = conformanceMessage(3);
    const bytes = encode([message]);
    expect(bytes.toString('utf8')).toBe(`[${message.payload}]`);
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(bytes.byteLength);
  });

  it('an empty batch is an empty array', () => {
    expect(encode([]).toString()).toBe('[]');
  });
});
