import { describe, expect, it } from 'vitest';
import { MAX_RECORD_BYTES, RecordCutter } from '../../../../functions/sources/file-tail/records.js';

const texts = (records: { text: string }[]) => records.map((r) => r.text);

describe('RecordCutter', () => {
  it('cuts lines with offsets and line numbers, and holds a line until its newline comes', () => {
    const cutter = new RecordCutter(100, 7);
    expect(cutter.push(Buffer.from('ab\r\ncd\ne'))).toEqual([
      { offset: 100, end: 104, lineNumber: 7, lines: 1, text: 'ab' },
      { offset: 104, end: 107, lineNumber: 8, lines: 1, text: 'cd' },
    ]);
    expect(cutter.position).toBe(108);
    expect(cutter.push(Buffer.from('f\n'))).toEqual([{ offset: 107, end: 110, lineNumber: 9, lines: 1, text: 'ef' }]);
    expect(cutter.flush(true)).toEqual([]);
  });

  it('keeps a character split across two reads whole', () => {
    const bytes = Buffer.from('é\n');
    const cutter = new RecordCutter(0, 1);
    expect(cutter.push(bytes.subarray(0, 1))).toEqual([]);
    expect(texts(cutter.push(bytes.subarray(1)))).toEqual(['é']);
  });

  it('emits a last line without its newline only when flushed as partial', () => {
    const cutter = new RecordCutter(0, 1);
    cutter.push(Buffer.from('a\nlast'));
    expect(cutter.flush(false)).toEqual([]);
    expect(cutter.flush(true)).toEqual([{ offset: 2, end: 6, lineNumber: 2, lines: 1, text: 'last' }]);
    expect(cutter.position).toBe(6);
  });

  it('joins the lines that do not match the start pattern to the record before', () => {
    const cutter = new RecordCutter(0, 1, /^\d{4}-/);
    const log = '2026-01-01 boom\n  at a()\n  at b()\n2026-01-02 ok\n';
    const records = cutter.push(Buffer.from(log));
    expect(records).toEqual([
      { offset: 0, end: 34, lineNumber: 1, lines: 3, text: '2026-01-01 boom\n  at a()\n  at b()' },
    ]);
    expect(cutter.holding).toBe(true);
    expect(cutter.flush(false)).toEqual([{ offset: 34, end: 48, lineNumber: 4, lines: 1, text: '2026-01-02 ok' }]);
    expect(cutter.holding).toBe(false);
  });

  it('makes the lines before the first start line a record of their own', () => {
    const cutter = new RecordCutter(0, 1, /^START/);
    expect(texts(cutter.push(Buffer.from('x\ny\nSTART 1\n')))).toEqual(['x\ny']);
    expect(texts(cutter.flush(false))).toEqual(['START 1']);
  });

  it('cuts a line longer than the limit', () => {
    const cutter = new RecordCutter(0, 1);
    const records = cutter.push(Buffer.alloc(MAX_RECORD_BYTES + 10, 'a'));
    expect(records.map((r) => r.text.length)).toEqual([MAX_RECORD_BYTES]);
    expect(cutter.position).toBe(MAX_RECORD_BYTES + 10);
  });
});
