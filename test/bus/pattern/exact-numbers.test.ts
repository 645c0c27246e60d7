import { describe, expect, it } from 'vitest';
import { exactNumber, parseJsonExact, stringifyExact } from '../../../bus/pattern/exact-numbers.js';
import { JsonNumber } from '../../../bus/pattern/index.js';

describe('exact numbers', () => {
  it('keep a JsonNumber only where a double cannot hold the decimal meaning', () => {
    expect(exactNumber('9007199254740993')).toBeInstanceOf(JsonNumber);
    expect(exactNumber('1e400')).toBeInstanceOf(JsonNumber);
    expect(exactNumber('-1e-400')).toBeInstanceOf(JsonNumber);
    expect(exactNumber('3.0e2')).toBe(300);
    expect(exactNumber('6')).toBe(6);
  });

  it('survive a JSON round trip through stringifyExact and parseJsonExact', () => {
    const value = parseJsonExact('{"n":[9007199254740993,1.5,"\\u0000x"],"m":{"k":-1e-400},"c":6}') as {
      n: unknown[];
      m: { k: unknown };
      c: number;
    };
    expect(value.n[0]).toBeInstanceOf(JsonNumber);
    const text = stringifyExact(value, 2);
    expect(text).toContain('9007199254740993');
    expect(text).toContain('-1e-400');
    const back = parseJsonExact(text) as typeof value;
    expect((back.n[0] as JsonNumber).text).toBe('9007199254740993');
    expect((back.m.k as JsonNumber).text).toBe('-1e-400');
    expect(back.n.slice(1)).toEqual([1.5, '\u0000x']);
    expect(back.c).toBe(6);
    expect(JSON.parse(JSON.stringify(value)).n[0]).toBe(2 ** 53); // what plain JSON.stringify would have stored
  });
});
