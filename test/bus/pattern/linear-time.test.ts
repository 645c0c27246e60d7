import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPattern, compilePattern, parseJsonLossless } from '../../../bus/pattern/index.js';
import { MAX_PATTERN_LENGTH } from '../../../bus/pattern/parse-text.js';
import { parseWildcard } from '../../../bus/pattern/wildcard.js';
import { Router } from '../../../bus/router/index.js';
import { referenceMatches } from './reference.js';

// No pattern and no event can make matching slow: wildcards never backtrack, IP parsing is one
// pass, patterns are capped in size. Each case below would take minutes on a backtracking or
// quadratic implementation (a*a*a*a*a*b against 200 `a`s took 42 s on the regex engine; 400 `a`s
// take ~30 times that; 100k colons took 4.7 s through the IPv6 regex, 1M ~100 times that), so the
// generous vitest timeouts fail loudly on such code without timing anything finely.

const SLOW = 10_000;

/** The verdict of the single-pattern matcher and the router (the event, and the event read back from its JSON), which must agree. */
function decide(pattern: unknown, event: Record<string, unknown>): boolean {
  const single = compilePattern(pattern).matches(event);
  const router = new Router();
  router.addRule('r', pattern);
  expect(router.match(event).length > 0).toBe(single);
  expect(router.match(parseJsonLossless(JSON.stringify(event))).length > 0).toBe(single);
  return single;
}

describe('patterns cost at most linear time in the input', () => {
  it(
    'a*a*a*a*a*b against 400 `a`s: no match, and a*a*a*a*a* matches',
    () => {
      const event = { a: 'a'.repeat(400) };
      expect(decide({ a: [{ wildcard: 'a*a*a*a*a*b' }] }, event)).toBe(false);
      expect(decide({ a: [{ wildcard: 'a*a*a*a*a*' }] }, event)).toBe(true);
      expect(decide({ a: [{ 'anything-but': { wildcard: 'a*a*a*a*a*b' } }] }, event)).toBe(true);
    },
    SLOW,
  );

  it(
    'a 1 MB value against five-star wildcards',
    () => {
      const big = `${'ab'.repeat(500_000)}c`;
      expect(decide({ a: [{ wildcard: '*a*b*a*b*bc' }] }, { a: big })).toBe(true);
      expect(decide({ a: [{ wildcard: '*a*b*a*b*cc' }] }, { a: big })).toBe(false);
    },
    SLOW,
  );

  it(
    'an IPv6-shaped value of 1M colons against cidr and an IP exact value: no match',
    () => {
      const colons = ':'.repeat(1_000_000);
      expect(decide({ a: [{ cidr: '2001:db8::/32' }] }, { a: colons })).toBe(false);
      expect(decide({ a: ['::1'] }, { a: `${colons}1` })).toBe(false);
    },
    SLOW,
  );

  it(
    'a number with a million-digit exponent is read in one pass',
    () => {
      const huge = `1e${'9'.repeat(1_000_000)}`;
      expect(decide({ a: [{ numeric: ['>', 1e300] }] }, { a: 0 })).toBe(false);
      const router = new Router();
      router.addRule('r', { a: [{ numeric: ['>', 1e300] }] });
      expect(router.match(parseJsonLossless(`{"a":${huge}}`))).toEqual(['r']);
    },
    SLOW,
  );

  it(
    'a cidr pattern of 4,000 colons is rejected, not parsed slowly',
    () => {
      const issues = checkPattern({ a: [{ cidr: `${':'.repeat(4000)}/8` }] });
      expect(issues.map((i) => i.message)).toEqual([expect.stringContaining('Invalid IP address')]);
    },
    SLOW,
  );
});

describe('wildcards without backtracking decide as the reference', () => {
  const text = fc.string({ unit: fc.constantFrom('a', 'b', '*'), maxLength: 12 });
  const wildcard = text.filter((w) => !w.includes('**') && w.split('*').length - 1 <= 5);
  it('on random wildcards over a two-letter alphabet', () => {
    fc.assert(
      fc.property(wildcard, text, (w, t) => {
        const pattern = { a: [{ wildcard: w }] };
        expect(compilePattern(pattern).matches({ a: t })).toBe(referenceMatches(pattern, { a: t }));
      }),
      { numRuns: 2000 },
    );
  });

  it('escaped stars and backslashes are literal pieces', () => {
    const parsed = parseWildcard('a\\*b*\\\\');
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(parsed.wildcard.pieces).toEqual(['a*b', '\\']);
    expect(parsed.wildcard.test('a*bxyz\\')).toBe(true);
    expect(parsed.wildcard.test('aXbxyz\\')).toBe(false);
  });

  it('head and tail may not overlap: a*a needs two `a`s', () => {
    expect(decide({ a: [{ wildcard: 'a*a' }] }, { a: 'a' })).toBe(false);
    expect(decide({ a: [{ wildcard: 'a*a' }] }, { a: 'aa' })).toBe(true);
  });
});

describe('limits', () => {
  const tooComplex = expect.stringContaining('Rule is too complex');
  it('anything-but wildcards have the same five-star limit as wildcard', () => {
    expect(checkPattern({ a: [{ 'anything-but': { wildcard: 'a*b*c*d*e*f' } }] })).toEqual([]);
    const issues = checkPattern({ a: [{ 'anything-but': { wildcard: ['x', 'a*b*c*d*e*f*'] } }] });
    expect(issues).toEqual([{ path: ['a', 0, 'anything-but', 'wildcard', 1], message: tooComplex }]);
    expect(checkPattern({ a: [{ wildcard: '*a*b*c*d*e*' }] })).toEqual([
      { path: ['a', 0, 'wildcard'], message: tooComplex },
    ]);
  });

  it(`a pattern is at most ${MAX_PATTERN_LENGTH} characters, as text or parsed`, () => {
    const fits = `{"a":["${'x'.repeat(MAX_PATTERN_LENGTH - 10)}"]}`;
    expect(fits.length).toBe(MAX_PATTERN_LENGTH);
    expect(checkPattern(fits)).toEqual([]);
    const over = `{"a":["${'x'.repeat(MAX_PATTERN_LENGTH - 9)}"]}`;
    const reason = `the pattern is ${MAX_PATTERN_LENGTH + 1} characters; at most ${MAX_PATTERN_LENGTH} are allowed`;
    expect(checkPattern(over)).toEqual([{ path: [], message: `Event pattern is not valid. Reason: ${reason}` }]);
    expect(checkPattern(JSON.parse(over))).toEqual(checkPattern(over));
    const cyclic: Record<string, unknown> = {};
    cyclic.a = cyclic;
    expect(checkPattern(cyclic)[0]!.message).toContain('nests deeper than 100 levels'); // a cycle is endlessly deep
  });
});
