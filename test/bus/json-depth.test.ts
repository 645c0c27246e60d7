import { describe, expect, it } from 'vitest';
import { depthProblem, textDepth, tooDeep } from '../../bus/json-depth.js';
import { checkPattern } from '../../bus/pattern/index.js';
import { decodeKafkaRecord } from '../../functions/adapters/kafka-event.js';

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

describe('an unread member (a Kafka value not parsed yet)', () => {
  const decode = (value: string) =>
    decodeKafkaRecord({
      topic: 't',
      partition: 0,
      offset: 0,
      timestamp: 0,
      key: null,
      value: Buffer.from(value),
      headers: {},
    });

  it('is measured on its text and left unread', () => {
    const shallow = decode(`${'['.repeat(98)}1${']'.repeat(98)}`); // data (2) + value (98) = 100 levels
    expect(depthProblem(shallow.event, 100, shallow.unread)).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(shallow.event.data as object, 'value')?.get).toBeTypeOf('function');
    const deep = decode(`${'['.repeat(99)}1${']'.repeat(99)}`);
    expect(depthProblem(deep.event, 100, deep.unread)).toMatch(/^nests deeper than 100 levels at \$\.data\.value\[0\]/);
  });

  it('is not refused for many brackets that do not nest: side by side, or inside strings', () => {
    const wide = decode(JSON.stringify({ list: Array.from({ length: 300 }, () => [{}]), text: '['.repeat(300) }));
    expect(depthProblem(wide.event, 100, wide.unread)).toBeUndefined();
    const deepBeside = decode(`[${'[],'.repeat(300)}${'['.repeat(98)}${']'.repeat(98)}]`); // 2 + 1 + 98 levels
    expect(depthProblem(deepBeside.event, 100, deepBeside.unread)).toMatch(
      /^nests deeper than 100 levels at \$\.data\.value\[300\]/,
    );
  });

  it('counts brackets outside strings only', () => {
    expect(textDepth('{"a":"[[[{{{\\"]]]","b":[{}]}')).toBe(3);
    expect(textDepth('1')).toBe(0);
  });
});

describe('patterns deeper than 100 levels', () => {
  it('are invalid with the path, as text or parsed, never a stack overflow', () => {
    // 101 levels as text (within the 4,096 characters a pattern may have), 20,000 parsed
    const deep = (levels: number) => `${'{"a":'.repeat(levels)}[1]${'}'.repeat(levels)}`;
    for (const input of [deep(101), JSON.parse(deep(20_000))]) {
      const [issue, ...rest] = checkPattern(input);
      expect(rest).toEqual([]);
      expect(issue!.message).toBe('Event pattern is not valid. Reason: nests deeper than 100 levels');
      expect(issue!.path).toHaveLength(100);
    }
  });
});
