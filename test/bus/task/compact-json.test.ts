import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCompactJson } from '../../../bus/task/compact-json.js';

/** The definition: the text is valid JSON and serialising its value gives the same text. */
function roundTrips(text: string): boolean {
  try {
    return JSON.stringify(JSON.parse(text)) === text;
  } catch {
    return false;
  }
}

/** Characters that make JSON texts interesting: structure, escapes, digits, surrogates, spaces. */
const jsonish = fc.constantFrom(
  ...'{}[]":,\\/ -+.0123456789eEabfnrtu"\u0000\u001f\u2028\ud83d\ude00\ud800'.split(''),
  'true',
  'false',
  'null',
  '"a"',
  '"0"',
);

function hasDigitKey(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(hasDigitKey);
  return Object.entries(value).some(([key, inner]) => /^\d+$/.test(key) || hasDigitKey(inner));
}

describe('isCompactJson', () => {
  it.each([
    ['{"a":[1,"x"]}'],
    ['[]'],
    ['{}'],
    ['"text with \\"quotes\\" and \\\\ and \\n"'],
    ['"\\u0000\\u001f\\b"'],
    ['"emoji 😀 and \u2028"'],
    ['-1.5'],
    ['0.000001'],
    ['103.65'],
    ['1e+21'],
    ['123456789012345678'.slice(0, 16)],
    ['{"a":{"a":1}}'],
    ['{"-1":1}'],
    ['null'],
  ])('%s is compact JSON', (text) => {
    expect(roundTrips(text)).toBe(true);
    expect(isCompactJson(text)).toBe(true);
  });

  it.each([
    ['{"a": 1}', 'whitespace'],
    [' 1', 'leading whitespace'],
    ['"\\/"', 'an escape JSON.stringify does not write'],
    ['"\\u0041"', 'a \\u escape of a printable character'],
    ['"\\u001F"', 'upper-case hex'],
    ['"\\u000a"', 'a control character with a short escape'],
    ['"\ud800"', 'a lone surrogate'],
    ['1.50', 'a trailing zero'],
    ['1e3', 'an exponent that is written out'],
    ['-0', 'negative zero'],
    ['0.0000001', 'a number below 1e-6'],
    ['12345678901234567890', 'more digits than a double holds'],
    ['{"a":1,"a":2}', 'a duplicate key'],
    ['{"b":1,"1":2}', 'a key made of digits'],
    ['{"a":1,}', 'a trailing comma'],
    ['01', 'a leading zero'],
    ['[1]x', 'text after the value'],
    ['"open', 'an unclosed string'],
    ['', 'nothing'],
    ['tru', 'half a literal'],
  ])('%s is not (%s)', (text) => {
    expect(isCompactJson(text)).toBe(false);
  });

  it('finds a duplicate among many keys', () => {
    const keys = Array.from({ length: 40 }, (_, i) => `"k${i}":${i}`);
    expect(isCompactJson(`{${keys.join(',')}}`)).toBe(true);
    expect(isCompactJson(`{${keys.join(',')},"k3":0}`)).toBe(false);
    expect(isCompactJson(`{${keys.join(',')},"k39":0}`)).toBe(false);
  });

  it('takes nesting deeper than a recursive reader could (it keeps its own stack)', () => {
    const deep = `${'[{"a":'.repeat(100_000)}1${'}]'.repeat(100_000)}`;
    expect(isCompactJson(deep)).toBe(true);
    expect(isCompactJson(`${deep.slice(0, -1)}}`)).toBe(false);
  });

  it('says true for everything JSON.stringify writes, unless a key is made of digits', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        fc.pre(!hasDigitKey(value));
        expect(isCompactJson(JSON.stringify(value))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('says true for numbers exactly when their spelling round-trips', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: -30, max: 30 }), (x, e) => {
        for (const text of [String(x), x.toExponential(), x.toFixed(3), `${x}e${e}`, x.toPrecision(17)]) {
          expect(isCompactJson(text)).toBe(roundTrips(text));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('never says true for a text that does not round-trip', () => {
    fc.assert(
      fc.property(fc.array(jsonish, { maxLength: 24 }), (parts) => {
        const text = parts.join('');
        if (isCompactJson(text)) expect(roundTrips(text)).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });
});
