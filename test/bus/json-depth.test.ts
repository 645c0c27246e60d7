import { describe, expect, it } from 'vitest';
import { depthProblem, tooDeep } from '../../bus/json-depth.js';
import { checkPattern } from '../../bus/pattern/index.js';

const nested = (levels: number): unknown => JSON.parse(`${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`);

describe('tooDeep', () => {
  it('counts objects and arrays as levels and names the first one past the limit', () => {
    expect(tooDeep({ a: { b: [1] } }, 3)).toBeUndefined();
    expect(tooDeep({ a: { b: [1] } }, 2)).toEqual(['a', 'b']);
    expect(tooDeep([[{ x: 1 }]], 2)).toEqual([0, 0]);
    expect(tooDeep('{"a":{"a":1}}', 1)).toBeUndefined(); // text is a string, not nesting
    expect(tooDeep(nested(100))).toBeUndefined();
    expect(tooDeep(nested(101))).toHaveLength(100);
  });

  it('measures a value far deeper than the stack would allow, quickly', () => {
    const started = performance.now();
    expect(depthProblem(nested(200_000))).toMatch(/^nests deeper than 100 levels at \$\.a\.a\.a/);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('patterns deeper than 100 levels', () => {
  it('are invalid with the path, as text or parsed, never a stack overflow', () => {
    const text = `${'{"a":'.repeat(20_000)}[1]${'}'.repeat(20_000)}`;
    for (const input of [text, JSON.parse(text)]) {
      const [issue, ...rest] = checkPattern(input);
      expect(rest).toEqual([]);
      expect(issue!.message).toBe('Event pattern is not valid. Reason: nests deeper than 100 levels');
      expect(issue!.path).toHaveLength(100);
    }
  });
});
