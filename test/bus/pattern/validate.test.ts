import { describe, expect, it } from 'vitest';
import { checkPattern, compilePattern, InvalidPatternError } from '../../../bus/pattern/index.js';
import { INVALID } from './invalid-patterns.js';

const P = 'Event pattern is not valid. Reason: ';

describe('validation: every invalid pattern names its path and reason', () => {
  it.each(INVALID)('%s', (_name, pattern, path, reason) => {
    const issues = checkPattern(pattern);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]!.path).toEqual(path);
    expect(issues[0]!.message.startsWith(P)).toBe(true);
    if (reason !== '') expect(issues[0]!.message).toBe(P + reason);
    expect(() => compilePattern(pattern)).toThrow(InvalidPatternError);
  });

  it('reports every problem, not only the first', () => {
    const issues = checkPattern({ a: [{ prefix: 1 }], b: { c: 'x', d: [] }, e: [{ numeric: ['<'] }] });
    expect(issues.map((i) => i.path)).toEqual([
      ['a', 0, 'prefix'],
      ['b', 'c'],
      ['b', 'd'],
      ['e', 0, 'numeric', 1],
    ]);
  });

  it('throws a ConfluxError with code and JSON path', () => {
    try {
      compilePattern({ detail: { state: [{ prefix: 5 }] } });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidPatternError);
      const e = error as InvalidPatternError;
      expect(e.code).toBe('pattern.invalid');
      expect(e.path).toBe('$.detail.state[0].prefix');
      expect(e.message).toBe(`${P}prefix match pattern must be a string`);
    }
  });

  it('accepts every operator in its valid forms', () => {
    const pattern = {
      a: ['x', 1, 3.0e2, true, false, null, '10.0.0.1', { exactly: 'x' }],
      b: [
        { prefix: '' },
        { prefix: 'p' },
        { prefix: { 'equals-ignore-case': 'P' } },
        { suffix: 's' },
        { suffix: { 'equals-ignore-case': 'S' } },
      ],
      c: [{ 'equals-ignore-case': 'E' }, { wildcard: 'a*b\\*c\\\\' }, { contains: 'in' }, { exists: true }],
      d: [
        { numeric: ['=', 1] },
        { numeric: ['<', 1] },
        { numeric: ['<=', 1] },
        { numeric: ['>', 1] },
        { numeric: ['>=', 1] },
      ],
      e: [
        { numeric: ['>', 0, '<', 1] },
        { numeric: ['>', 0, '<=', 1] },
        { numeric: ['>=', 0, '<', 1] },
        { numeric: ['>=', -1e9, '<=', 1e-9] },
      ],
      f: [{ cidr: '10.0.0.0/8' }, { cidr: '2001:db8::/32' }, { cidr: '0.0.0.0/0' }],
      g: [{ 'anything-but': 'x' }, { 'anything-but': 1 }, { 'anything-but': ['x', 'y'] }, { 'anything-but': [1, 2] }],
      h: [
        { 'anything-but': { prefix: 'p' } },
        { 'anything-but': { suffix: ['s', 't'] } },
        { 'anything-but': { 'equals-ignore-case': ['X'] } },
        { 'anything-but': { wildcard: '*x*' } },
      ],
      $or: [{ i: [1] }, { j: { $or: [{ k: [1] }, { l: [{ exists: false }] }] } }],
    };
    expect(checkPattern(pattern)).toEqual([]);
    expect(checkPattern(JSON.stringify(pattern))).toEqual([]);
  });
});

// The alibaba dialect's rules: test/bus/pattern/alibaba.test.ts.
