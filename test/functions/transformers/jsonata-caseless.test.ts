import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseless } from '../../../functions/transformers/jsonata/caseless.js';
import { hasLinearRegExp, LinearRegExp } from '../../../functions/transformers/jsonata/linear-regexp.js';

const atom = fc.constantFrom(
  'a',
  'B',
  'c',
  'ü',
  'Ü',
  '1',
  '.',
  '\\d',
  '\\w',
  '\\s',
  '\\x31',
  '[a-c]',
  '[^b]',
  '[A-C0-9]',
  '[ü-]',
  '-',
);
const quantified = fc.tuple(atom, fc.constantFrom('', '', '?', '*', '+', '{1,2}')).map(([a, q]) => a + q);
const sequence = fc.array(quantified, { minLength: 1, maxLength: 5 }).map((parts) => parts.join(''));
const pattern = fc
  .tuple(sequence, fc.option(sequence, { nil: undefined }), fc.boolean())
  .map(([left, right, group]) => {
    const body = right === undefined ? left : `${left}|${right}`;
    return group ? `(${body})x?` : body;
  });
const text = fc.string({
  unit: fc.constantFrom('a', 'A', 'b', 'B', 'c', 'C', 'ü', 'Ü', '1', ' ', '-', 'x', 'X'),
  maxLength: 12,
});

describe('case-insensitive regular expressions on the linear engine', () => {
  it('match exactly what the i flag matches (fast-check against V8 itself)', () => {
    expect(hasLinearRegExp()).toBe(true);
    fc.assert(
      fc.property(pattern, text, (source, input) => {
        const reference = new RegExp(source, 'gi');
        const linear = LinearRegExp(new RegExp(source, 'gi'));
        const all = (re: RegExp) => [...input.matchAll(re)].map((m) => [m.index, m[0]]);
        expect(all(linear)).toEqual(all(reference));
      }),
      { numRuns: 500, seed: 13 },
    );
  });

  it('rewrites letters, classes and ranges, and leaves escapes and group syntax alone', () => {
    expect(caseless('ab[c-e]+\\d')).toBe('[aA][bB][c-eC-E]+\\d');
    expect(caseless('(?<name>x)(?:Y)[^q0-9]\\bz')).toBe('(?<name>[xX])(?:[Yy])[^qQ0-9]\\b[zZ]');
    for (const refused of ['\\x41', '[0-z]', '\\p{L}', '\\k<n>', '[\\x41-\\x5A]'])
      expect(caseless(refused)).toBeUndefined();
  });
});
