import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPattern, compilePattern, JsonNumber, parseJsonLossless } from '../../../bus/pattern/index.js';
import { compareNumbers, decimalKey, readJsonNumber } from '../../../bus/pattern/json-number.js';
import { keepsNumbers } from '../../../bus/pattern/lossless-json.js';
import { Router } from '../../../bus/router/index.js';
import { testCase } from '../../../bus/task/pattern-test.js';

// Numbers compare by their decimal meaning (issue 13 item 15): 1e400 is not Infinity, -1e-400 is
// not -0, 2^53 + 1 is not 2^53 — in patterns and events, through every way conflux matches.

/** Every way conflux decides one pattern text against one event text; all must agree. */
function decide(pattern: string, event: string): boolean {
  const single = compilePattern(pattern).matches(parseJsonLossless(event));
  const router = new Router();
  router.addRule('r', pattern);
  expect(router.match(parseJsonLossless(event)).length > 0).toBe(single);
  const cli = testCase(JSON.stringify({ id: 1, pattern, event })).result;
  expect(cli).toBe(single ? 'match' : 'no-match');
  return single;
}

describe('numbers by their decimal meaning', () => {
  it.each([
    ['1e400 is not 1e401 (both Infinity as doubles)', '{"n":[1e400]}', '{"n":1e401}', false],
    ['1e400 is 1E+400 and 10e399', '{"n":[1e400, 5]}', '{"n":[10e399]}', true],
    ['1e400 is 1E+400', '{"n":[1E+400]}', '{"n":1e400}', true],
    ['-1e-400 is not 0 (-0 as a double)', '{"n":[0]}', '{"n":-1e-400}', false],
    ['-0 is 0', '{"n":[0]}', '{"n":-0}', true],
    ['2^53 + 1 is not 2^53', '{"n":[9007199254740992]}', '{"n":9007199254740993}', false],
    ['2^53 + 1 is itself', '{"n":[9007199254740993]}', '{"n":9007199254740993}', true],
    ['3.0e2 is still 300', '{"n":[300]}', '{"n":3.0e2}', true],
    ['-1e-400 < 0', '{"n":[{"numeric":["<",0]}]}', '{"n":-1e-400}', true],
    ['-0 is not < 0', '{"n":[{"numeric":["<",0]}]}', '{"n":-0}', false],
    ['2^53 + 1 > 2^53', '{"n":[{"numeric":[">",9007199254740992]}]}', '{"n":9007199254740993}', true],
    ['1e400 > 1e300', '{"n":[{"numeric":[">",1e300,"<",1e308]}]}', '{"n":1e400}', false],
    ['a bound 2^53 + 1 is not 2^53', '{"n":[{"numeric":[">=",9007199254740993]}]}', '{"n":9007199254740992}', false],
    ['anything-but 0 holds for -1e-400', '{"n":[{"anything-but":[0]}]}', '{"n":-1e-400}', true],
    ['anything-but 1e400 excludes 1e400 only', '{"n":[{"anything-but":[1e400]}]}', '{"n":[1e400, 1e401]}', true],
    ['anything-but 1e400 alone', '{"n":[{"anything-but":[1e400]}]}', '{"n":1e400}', false],
  ])('%s', (_name, pattern, event, expected) => {
    expect(decide(pattern, event)).toBe(expected);
  });

  it('numeric operands a double cannot hold are invalid, as event-ruler has them', () => {
    expect(checkPattern('{"n":[{"numeric":["=",1E309]}]}')[0]!.message).toContain('beyond what a double holds');
    expect(checkPattern('{"n":[{"numeric":[">",0,"<",1E-325]}]}')[0]!.path).toEqual(['n', 0, 'numeric', 3]);
    expect(checkPattern('{"n":[1E309, 1E-325]}')).toEqual([]);
  });

  it('reads numbers as written only where JSON.parse would not give them back', () => {
    expect(readJsonNumber('300')).toBe(300);
    expect(readJsonNumber('1.5')).toBe(1.5);
    expect(readJsonNumber('3.0e2')).toBeInstanceOf(JsonNumber);
    expect(parseJsonLossless('{"a":[1,"1e400",{"b":2.5}]}')).toEqual({ a: [1, '1e400', { b: 2.5 }] });
    expect(keepsNumbers('{"a":[1,"1e400 \\" 1e400",{"b":2.5}]}')).toBe(false);
    const kept = parseJsonLossless('{"a":1e400,"b":"x","a2":-0}') as Record<string, JsonNumber>;
    expect([kept.a!.text, kept.a2!.text]).toEqual(['1e400', '-0']);
    expect(() => parseJsonLossless('{"a":01e400}')).toThrow(SyntaxError);
    expect(() => parseJsonLossless('[1e400')).toThrow(SyntaxError);
  });

  it('keeps a number as text exactly when JavaScript would write its double otherwise', () => {
    const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
    const spellings = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
      fc.integer().map(String),
      fc
        .tuple(fc.integer({ min: -99_999, max: 99_999 }), fc.nat(99_999_999), fc.nat(8))
        .map(([whole, fraction, zeros]) => `${whole}.${'0'.repeat(zeros)}${fraction}`),
      fc.constantFrom('0', '-0', '0.0', '1.50', '0.000001', '0.0000001', '-0.5', '123456789012345', '1234567890123456'),
    );
    fc.assert(
      fc.property(spellings, (text) => {
        if (!JSON_NUMBER.test(text)) return;
        expect(typeof readJsonNumber(text) === 'number').toBe(String(Number(text)) === text);
      }),
      { numRuns: 20_000 },
    );
  });

  it('compares decimals exactly; exponents beyond ±10^15 count as ±10^15', () => {
    expect(decimalKey('3.0e2')).toBe('3e2');
    expect(decimalKey('-0.00')).toBe('0');
    expect(decimalKey('0.0012e-99')).toBe('12e-102');
    expect(decimalKey('1e00000000000000000000007')).toBe('1e7');
    expect(decimalKey(`1e${'9'.repeat(1_000_000)}`)).toBe('1e1000000000000000');
    const n = (text: string) => readJsonNumber(text);
    expect(compareNumbers(n('1e400'), n('1e401'))).toBeLessThan(0);
    expect(compareNumbers(n('-1e400'), n('-1e401'))).toBeGreaterThan(0);
    expect(compareNumbers(n('-1e-400'), 0)).toBeLessThan(0);
    expect(compareNumbers(n('1e400'), Number.POSITIVE_INFINITY)).toBeLessThan(0);
    expect(compareNumbers(n('123.45e1'), 1234.5)).toBe(0);
    expect(compareNumbers(n('1.23'), n('1.2'))).toBeGreaterThan(0);
  });
});
