import { describe, expect, it } from 'vitest';
import { compilePattern, explainPattern } from '../../../bus/pattern/index.js';

describe('explainPattern', () => {
  it('names the failing field, where it is in the pattern, and why', () => {
    const pattern = compilePattern({ data: { status: ['paid'], total: [{ numeric: ['>=', 500] }] } });
    const result = explainPattern(pattern, { data: { status: 'paid', total: 20 } });
    expect(result.matches).toBe(false);
    expect(result.branches).toEqual([
      {
        failures: [
          {
            field: 'data.total',
            patternPath: '$.data.total',
            reason: 'value 20 matches none of: {"numeric":[">=",500]}',
          },
        ],
      },
    ]);
  });

  it('says when a field is missing, or present against exists: false', () => {
    const pattern = compilePattern({ a: ['x'], b: [{ exists: false }] });
    const [branch] = explainPattern(pattern, { b: 1 }).branches;
    expect(branch!.failures.map((f) => [f.field, f.reason])).toEqual([
      ['a', 'field is missing; wanted "x"'],
      ['b', 'field is present; wanted exists: false'],
    ]);
  });

  it('explains every $or branch and matches when one holds', () => {
    const pattern = compilePattern({ $or: [{ a: [1] }, { b: [2] }] });
    const failing = explainPattern(pattern, { a: 2, b: 3 });
    expect(failing.matches).toBe(false);
    expect(failing.branches.map((b) => b.failures[0]!.field)).toEqual(['a', 'b']);
    const passing = explainPattern(pattern, { a: 2, b: 2 });
    expect(passing.matches).toBe(true);
    expect(passing.branches[1]!.failures).toEqual([]);
  });

  it('points out fields matched in different elements of one array', () => {
    const pattern = compilePattern({ a: { b: ['x'], c: ['y'] } });
    const result = explainPattern(pattern, { a: [{ b: 'x' }, { c: 'y' }] });
    expect(result.matches).toBe(false);
    expect(result.branches[0]!.failures[0]!.reason).toMatch(/different elements/);
  });
});
