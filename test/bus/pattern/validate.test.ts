import { describe, expect, it } from 'vitest';
import { checkPattern, compilePattern, InvalidPatternError } from '../../../bus/pattern/index.js';

const P = 'Event pattern is not valid. Reason: ';

// [name, pattern, path of the (first) issue, reason]
const INVALID: [string, unknown, (string | number)[], string][] = [
  ['not JSON', '{"a": ', [], ''],
  ['not an object', '["a"]', [], 'Filter is not an object'],
  ['empty pattern', {}, [], 'Empty objects are not allowed'],
  ['empty nested object', { a: {} }, ['a'], 'Empty objects are not allowed'],
  ['scalar field', { a: 'x' }, ['a'], '"a" must be an object or an array'],
  ['empty alternatives', { a: [] }, ['a'], 'Empty arrays are not allowed'],
  ['array alternative', { a: [['x']] }, ['a', 0], 'Match value must be String, number, true, false, or null'],
  ['empty match expression', { a: [{}] }, ['a', 0], 'Match expression name not found'],
  [
    'two operators',
    { a: [{ prefix: 'x', suffix: 'y' }] },
    ['a', 0, 'suffix'],
    'Only one key allowed in match expression',
  ],
  ['unknown operator', { a: [{ NUMERIC: ['=', 1] }] }, ['a', 0, 'NUMERIC'], 'Unrecognized match type NUMERIC'],
  ['exactly not string', { a: [{ exactly: 1 }] }, ['a', 0, 'exactly'], 'exact match pattern must be a string'],
  ['prefix not string', { a: [{ prefix: 1 }] }, ['a', 0, 'prefix'], 'prefix match pattern must be a string'],
  ['prefix list', { a: [{ prefix: ['x'] }] }, ['a', 0, 'prefix'], 'prefix match pattern must be a string'],
  [
    'prefix bad object',
    { a: [{ prefix: { wildcard: 'x' } }] },
    ['a', 0, 'prefix', 'wildcard'],
    'Unsupported prefix pattern: wildcard',
  ],
  [
    'prefix ignore-case not string',
    { a: [{ prefix: { 'equals-ignore-case': 1 } }] },
    ['a', 0, 'prefix', 'equals-ignore-case'],
    'equals-ignore-case match pattern must be a string',
  ],
  ['suffix not string', { a: [{ suffix: 1 }] }, ['a', 0, 'suffix'], 'suffix match pattern must be a string'],
  [
    'equals-ignore-case list',
    { a: [{ 'equals-ignore-case': ['x'] }] },
    ['a', 0, 'equals-ignore-case'],
    'equals-ignore-case match pattern must be a string',
  ],
  ['wildcard not string', { a: [{ wildcard: 1 }] }, ['a', 0, 'wildcard'], 'wildcard match pattern must be a string'],
  ['wildcard **', { a: [{ wildcard: 'a**b' }] }, ['a', 0, 'wildcard'], 'Consecutive wildcard characters at pos 1'],
  ['wildcard bad escape', { a: [{ wildcard: 'a\\b' }] }, ['a', 0, 'wildcard'], 'Invalid escape character at pos 1'],
  [
    'wildcard too complex',
    { a: [{ wildcard: '*:*:*:*:*:bus/*' }] },
    ['a', 0, 'wildcard'],
    'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character',
  ],
  [
    'contains empty',
    { a: [{ contains: '' }] },
    ['a', 0, 'contains'],
    'contains match pattern must be a non-empty string',
  ],
  [
    'exists not boolean',
    { a: [{ exists: 'yes' }] },
    ['a', 0, 'exists'],
    'exists match pattern must be either true or false.',
  ],
  ['numeric not array', { a: [{ numeric: 10 }] }, ['a', 0, 'numeric'], 'Value of numeric must be an array.'],
  ['numeric empty', { a: [{ numeric: [] }] }, ['a', 0, 'numeric', 0], 'Invalid member in numeric match: ]'],
  [
    'numeric bad operator',
    { a: [{ numeric: ['!=', 1] }] },
    ['a', 0, 'numeric', 0],
    'Unrecognized numeric range operator: !=',
  ],
  ['numeric value missing', { a: [{ numeric: ['>', 0, '<'] }] }, ['a', 0, 'numeric', 3], 'Value of < must be numeric'],
  ['numeric value text', { a: [{ numeric: ['=', '5'] }] }, ['a', 0, 'numeric', 1], 'Value of equals must be numeric'],
  [
    'numeric two lower bounds',
    { a: [{ numeric: ['>', 0, '>', 0] }] },
    ['a', 0, 'numeric', 2],
    'Bad numeric range operator: >',
  ],
  [
    'numeric = with more',
    { a: [{ numeric: ['=', 1, '<', 2] }] },
    ['a', 0, 'numeric', 2],
    'Too many elements in numeric expression',
  ],
  [
    'numeric too many terms',
    { a: [{ numeric: ['>', 0, '<', 5, 1] }] },
    ['a', 0, 'numeric', 4],
    'Too many terms in numeric range expression',
  ],
  [
    'numeric lower = upper',
    { a: [{ numeric: ['>=', 5, '<=', 5] }] },
    ['a', 0, 'numeric'],
    'Bottom must be less than top',
  ],
  [
    'numeric lower > upper',
    { a: [{ numeric: ['>', 6, '<', 5] }] },
    ['a', 0, 'numeric'],
    'Bottom must be less than top',
  ],
  ['cidr not string', { a: [{ cidr: ['10.0.0.0/8'] }] }, ['a', 0, 'cidr'], 'prefix match pattern must be a string'],
  ['cidr no slash', { a: [{ cidr: '10.0.0.0' }] }, ['a', 0, 'cidr'], "Malformed CIDR, one '/' required"],
  ['cidr mask text', { a: [{ cidr: '10.0.0.0/x' }] }, ['a', 0, 'cidr'], 'Malformed CIDR, mask bits must be an integer'],
  [
    'cidr negative mask',
    { a: [{ cidr: '10.0.0.0/-1' }] },
    ['a', 0, 'cidr'],
    'Malformed CIDR, mask bits must not be negative',
  ],
  ['cidr bad address', { a: [{ cidr: 'xx.11.xx/8' }] }, ['a', 0, 'cidr'], 'Nonstandard IP address: xx.11.xx'],
  ['cidr octet > 255', { a: [{ cidr: '300.0.0.0/8' }] }, ['a', 0, 'cidr'], 'Invalid IP address: 300.0.0.0'],
  ['cidr /32 IPv4', { a: [{ cidr: '10.0.0.1/32' }] }, ['a', 0, 'cidr'], 'IPv4 mask bits must be < 32'],
  ['cidr /128 IPv6', { a: [{ cidr: '2001:db8::/128' }] }, ['a', 0, 'cidr'], 'IPv6 mask bits must be < 128'],
  [
    'anything-but null',
    { a: [{ 'anything-but': null }] },
    ['a', 0, 'anything-but'],
    'Value of anything-but must be an array or single string/number value.',
  ],
  [
    'anything-but null in list',
    { a: [{ 'anything-but': ['x', null] }] },
    ['a', 0, 'anything-but', 1],
    'Inside anything but list, start|null|boolean is not supported.',
  ],
  [
    'anything-but mixed list',
    { a: [{ 'anything-but': ['x', 1] }] },
    ['a', 0, 'anything-but'],
    'Inside anything but list, either all values are number or string, mixed type is not supported',
  ],
  [
    'anything-but empty list',
    { a: [{ 'anything-but': [] }] },
    ['a', 0, 'anything-but'],
    'Inside anything but list, either all values are number or string, mixed type is not supported',
  ],
  [
    'anything-but unknown',
    { a: [{ 'anything-but': { exists: true } }] },
    ['a', 0, 'anything-but', 'exists'],
    'Unsupported anything-but pattern: exists',
  ],
  [
    'anything-but empty object',
    { a: [{ 'anything-but': {} }] },
    ['a', 0, 'anything-but'],
    'Anything-But expression name not found',
  ],
  [
    'anything-but empty prefix',
    { a: [{ 'anything-but': { prefix: '' } }] },
    ['a', 0, 'anything-but', 'prefix'],
    'Null prefix/suffix not allowed',
  ],
  [
    'anything-but prefix number',
    { a: [{ 'anything-but': { prefix: 1 } }] },
    ['a', 0, 'anything-but', 'prefix'],
    'prefix/suffix match pattern must be a string',
  ],
  [
    'anything-but suffix list',
    { a: [{ 'anything-but': { suffix: [null, 'x'] } }] },
    ['a', 0, 'anything-but', 'suffix', 0],
    'prefix/suffix match pattern must be a string',
  ],
  [
    'anything-but prefix object',
    { a: [{ 'anything-but': { prefix: { 'equals-ignore-case': 'x' } } }] },
    ['a', 0, 'anything-but', 'prefix'],
    'Value of anything-but must be an array or single string/number value.',
  ],
  [
    'anything-but ignore-case number',
    { a: [{ 'anything-but': { 'equals-ignore-case': 1 } }] },
    ['a', 0, 'anything-but', 'equals-ignore-case'],
    'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.',
  ],
  [
    'anything-but wildcard number',
    { a: [{ 'anything-but': { wildcard: [1] } }] },
    ['a', 0, 'anything-but', 'wildcard', 0],
    'wildcard match pattern must be a string',
  ],
  [
    'anything-but wildcard **',
    { a: [{ 'anything-but': { wildcard: 'a**' } }] },
    ['a', 0, 'anything-but', 'wildcard'],
    'Consecutive wildcard characters at pos 1',
  ],
  ['$or not array', { $or: { a: [1] } }, ['$or'], 'It must be an Array followed with $or.'],
  ['$or one branch', { $or: [{ a: [1] }] }, ['$or'], 'There must have at least 2 Objects in $or relationship.'],
  [
    '$or scalar branch',
    { $or: [{ a: [1] }, 'b'] },
    ['$or', 1],
    'Only JSON object is allowed in array of $or relationship.',
  ],
  [
    '$or reserved name',
    { $or: [{ a: [1] }, { prefix: ['x'] }] },
    ['$or', 1, 'prefix'],
    'prefix is Ruler reserved fieldName which cannot be used inside $or.',
  ],
];

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

describe('dialects', () => {
  it('alibaba allows at most 5 expressions per field', () => {
    const five = { a: [1, 2, 3, 4, 5] };
    const six = { a: [1, 2, 3, 4, 5, 6] };
    expect(checkPattern(five, { dialect: 'alibaba' })).toEqual([]);
    expect(checkPattern(six, { dialect: 'aws' })).toEqual([]);
    expect(checkPattern(six, { dialect: 'alibaba' })).toEqual([
      { path: ['a'], message: `${P}At most 5 expressions are allowed per field (alibaba dialect)` },
    ]);
  });

  it('alibaba rejects an empty prefix; aws accepts it', () => {
    expect(checkPattern({ a: [{ prefix: '' }] }, { dialect: 'aws' })).toEqual([]);
    expect(checkPattern({ a: [{ prefix: '' }] }, { dialect: 'alibaba' })).toEqual([
      { path: ['a', 0, 'prefix'], message: `${P}prefix match pattern must not be empty (alibaba dialect)` },
    ]);
  });

  it('gives the same results where both accept a pattern', () => {
    const event = { a: 'xyz', n: 5 };
    for (const pattern of [
      { a: [{ prefix: 'x' }] },
      { n: [{ numeric: ['>', 4] }], a: ['q', 'xyz'] },
      { a: [{ suffix: 'q' }] },
    ]) {
      expect(compilePattern(pattern, { dialect: 'alibaba' }).matches(event)).toBe(
        compilePattern(pattern).matches(event),
      );
    }
  });
});
