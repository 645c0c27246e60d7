import { describe, expect, it } from 'vitest';
import { checkPattern, compilePattern, explainPattern, parseJsonLossless } from '../../../bus/pattern/index.js';
import { Router } from '../../../bus/router/index.js';

// The alibaba dialect decides as Alibaba's engine (apache/rocketmq-eventbridge, tools/pattern/)
// does, where its tests (rocketmq-eventbridge.jsonl) do not show it: each rule below is read from
// the engine's code and pinned here; docs/dialects.md names each row's test. `aws` is unchanged.

const P = 'Event pattern is not valid. Reason: ';

/** The matcher and the router (from text and parsed) for a pattern and an event text; all agree. */
function alibaba(pattern: unknown, event: string): boolean {
  const single = compilePattern(pattern, { dialect: 'alibaba' }).matches(parseJsonLossless(event));
  const router = new Router();
  router.addRule('r', pattern, { dialect: 'alibaba' });
  expect(router.match(parseJsonLossless(event)).length > 0).toBe(single);
  return single;
}

function aws(pattern: unknown, event: string): boolean {
  return compilePattern(pattern).matches(parseJsonLossless(event));
}

/** A CloudEvent with `data`, as text. */
const withData = (data: string) => `{"specversion":"1.0","id":"1","source":"acs.ecs","type":"t","data":${data}}`;

function invalid(pattern: unknown): string {
  const issues = checkPattern(pattern, { dialect: 'alibaba' });
  expect(issues.length).toBeGreaterThan(0);
  return issues[0]!.message.slice(P.length);
}

describe('alibaba dialect: exact values compare as JSON text', () => {
  it.each([
    ['[300] matches "300"', { data: { a: [300] } }, '"300"', true],
    ['["300"] matches 300', { data: { a: ['300'] } }, '300', true],
    ['[true] matches "true"', { data: { a: [true] } }, '"true"', true],
    ['[300] does not match 300.0', '{"data":{"a":[300]}}', '300.0', false],
    ['[3.0e2] does not match 300', '{"data":{"a":[3.0e2]}}', '300', false],
    ['[300] does not match 3.0e2', '{"data":{"a":[300]}}', '3.0e2', false],
    ['[null] does not match "null"', { data: { a: [null] } }, '"null"', false],
    ['["null"] does not match null', { data: { a: ['null'] } }, 'null', false],
    ['[1e400] matches 1e400 as written', '{"data":{"a":[1e400]}}', '1e400', true],
  ])('%s', (_name, pattern, value, expected) => {
    expect(alibaba(pattern, withData(`{"a":${value}}`))).toBe(expected);
  });

  it('aws compares numbers by value and types apart', () => {
    expect(aws({ data: { a: [300] } }, withData('{"a":"300"}'))).toBe(false);
    expect(aws('{"data":{"a":[3.0e2]}}', withData('{"a":300}'))).toBe(true);
  });
});

describe('alibaba dialect: which keys a pattern names', () => {
  it('{} is valid and matches every event; aws rejects it', () => {
    expect(alibaba({}, '{"source":"x"}')).toBe(true);
    expect(checkPattern({})).not.toEqual([]);
  });

  it('top level: CloudEvents attributes and Alibaba extensions only; data must be an object', () => {
    expect(
      checkPattern({ source: ['a'], aliyunregionid: ['cn'], time: [{ prefix: '2' }] }, { dialect: 'alibaba' }),
    ).toEqual([]);
    expect(invalid({ detail: ['x'] })).toMatch(/^unrecognized pattern key "detail"/);
    expect(invalid({ detail: { a: ['x'] } })).toBe('"detail" must be an array of values (alibaba dialect)');
    expect(invalid({ source: 'x' })).toBe('"source" must be an array of values (alibaba dialect)');
    expect(invalid({ data: ['x'] })).toBe('data must be an object of fields (alibaba dialect)');
    expect(invalid({ data: {} })).toMatch(/at least one field/);
    expect(checkPattern({ detail: { a: ['x'] } })).toEqual([]);
  });

  it('a dotted pattern key is a nested path, but an event key with dots is only a key (aws: both paths)', () => {
    const pattern = { data: { 'a.b': ['x'] } };
    expect(alibaba(pattern, withData('{"a":{"b":"x"}}'))).toBe(true);
    expect(alibaba(pattern, withData('{"a.b":"x"}'))).toBe(false);
    expect(aws({ data: { a: { b: ['x'] } } }, withData('{"a.b":"x"}'))).toBe(true);
  });

  it('data clauses need the event to have data, even exists: false', () => {
    expect(alibaba({ data: { a: [{ exists: false }] } }, '{"source":"x"}')).toBe(false);
    expect(alibaba({ data: { a: [{ exists: false }] } }, withData('{}'))).toBe(true);
    expect(alibaba({ source: [{ exists: false }] }, '{"id":"1"}')).toBe(true);
  });
});

describe('alibaba dialect: fields holding objects and arrays', () => {
  it('paths do not go through arrays of objects (aws: any element)', () => {
    const pattern = { data: { a: { b: ['x'] } } };
    expect(alibaba(pattern, withData('{"a":[{"b":"x"}]}'))).toBe(false);
    expect(aws(pattern, withData('{"a":[{"b":"x"}]}'))).toBe(true);
    expect(alibaba({ data: { a: { b: [{ exists: false }] } } }, withData('{"a":[{"b":"x"}]}'))).toBe(true);
  });

  it('an array of values matches if any element does', () => {
    expect(alibaba({ data: { a: ['y'] } }, withData('{"a":["x","y"]}'))).toBe(true);
    expect(alibaba({ data: { a: [{ 'anything-but': 'x' }] } }, withData('{"a":["x","y"]}'))).toBe(true);
  });

  it('an object, an empty array or an array holding an object matches no condition, not even exists', () => {
    for (const value of ['{"x":1}', '[]', '[1,{"x":1}]', '[[1]]']) {
      expect(alibaba({ data: { a: [{ exists: true }] } }, withData(`{"a":${value}}`))).toBe(false);
      expect(alibaba({ data: { a: [{ exists: false }] } }, withData(`{"a":${value}}`))).toBe(false);
      expect(alibaba({ data: { a: [1, { 'anything-but': 'z' }] } }, withData(`{"a":${value}}`))).toBe(false);
    }
    expect(aws({ data: { a: [1] } }, withData('{"a":[1,{"x":1}]}'))).toBe(true);
  });

  it('null is present: exists true holds, exists false does not', () => {
    expect(alibaba({ data: { a: [{ exists: true }] } }, withData('{"a":null}'))).toBe(true);
    expect(alibaba({ data: { a: [{ exists: false }] } }, withData('{"a":null}'))).toBe(false);
  });
});

describe('alibaba dialect: operators', () => {
  it('empty prefix and suffix are invalid; aws accepts both', () => {
    expect(invalid({ source: [{ prefix: '' }] })).toBe('prefix must not be empty (alibaba dialect)');
    expect(invalid({ source: [{ suffix: '' }] })).toBe('suffix must not be empty (alibaba dialect)');
    expect(checkPattern({ source: [{ prefix: '' }, { suffix: '' }] })).toEqual([]);
  });

  it('operators Alibaba lacks are invalid, named; aws accepts them', () => {
    for (const op of ['wildcard', 'equals-ignore-case', 'exactly']) {
      expect(invalid({ source: [{ [op]: 'x' }] })).toMatch(
        new RegExp(`^the alibaba dialect does not support the operator "${op}"`),
      );
      expect(checkPattern({ source: [{ [op]: 'x' }] })).toEqual([]);
    }
    expect(invalid({ $or: [{ source: ['a'] }, { type: ['b'] }] })).toMatch(/^unrecognized pattern key "\$or"/);
    expect(invalid({ source: [{ 'anything-but': { 'equals-ignore-case': 'x' } }] })).toBe(
      'anything-but nests only prefix or suffix (alibaba dialect)',
    );
  });

  it('contains, which Alibaba Cloud documents, works', () => {
    expect(alibaba({ type: [{ contains: 'Normal' }] }, '{"type":"a:Normal:b"}')).toBe(true);
    expect(invalid({ type: [{ contains: '' }] })).toBe('contains must not be empty (alibaba dialect)');
  });

  it('at most 5 expressions a field', () => {
    expect(checkPattern({ source: [1, 2, 3, 4, 5] }, { dialect: 'alibaba' })).toEqual([]);
    expect(invalid({ source: [1, 2, 3, 4, 5, 6] })).toBe(
      'At most 5 expressions are allowed per field (alibaba dialect)',
    );
  });

  it('numeric: != and any two terms, numbers within 1e-7 equal, operands within ±1.0E9', () => {
    const n = (terms: unknown[], value: string) =>
      alibaba({ data: { n: [{ numeric: terms }] } }, withData(`{"n":${value}}`));
    expect(n(['!=', 1, '!=', 2], '3')).toBe(true);
    expect(n(['!=', 1, '!=', 2], '2.00000001')).toBe(false);
    expect(n(['=', 1.1234567], '1.12345678')).toBe(true);
    expect(n(['>', 5], '5.00000005')).toBe(false);
    expect(n(['<', 10, '>', 20], '15')).toBe(false);
    expect(n(['>=', 0], '"5"')).toBe(false);
    expect(checkPattern({ data: { n: [{ numeric: ['<=', 1e9, '>=', -1e9] }] } }, { dialect: 'alibaba' })).toEqual([]);
    expect(invalid({ data: { n: [{ numeric: ['<', 1000000000.5] }] } })).toMatch(/-1\.0E9 and 1\.0E9/);
    expect(invalid({ data: { n: [{ numeric: ['>', 1, '<'] }] } })).toBe('numeric takes 2 or 4 elements');
  });

  it('cidr: IPv4 blocks hold their hosts only (SubnetUtils); a bare address is that address, IPv6 too', () => {
    const ip = (cidr: string, value: string) => alibaba({ data: { ip: [{ cidr }] } }, withData(`{"ip":"${value}"}`));
    expect(ip('10.0.0.0/24', '10.0.0.1')).toBe(true);
    expect(ip('10.0.0.0/24', '10.0.0.254')).toBe(true);
    expect(ip('10.0.0.0/24', '10.0.0.0')).toBe(false);
    expect(ip('10.0.0.0/24', '10.0.0.255')).toBe(false);
    expect(ip('10.0.0.7/32', '10.0.0.7')).toBe(false);
    expect(ip('10.0.0.6/31', '10.0.0.6')).toBe(false);
    expect(ip('0.0.0.0/0', '0.0.0.0')).toBe(false);
    expect(ip('0.0.0.0/0', '255.255.255.254')).toBe(true);
    expect(ip('2001:db8::1', '2001:DB8:0::1')).toBe(true);
    expect(invalid({ data: { ip: [{ cidr: '2001:db8::/32' }] } })).toMatch(/IPv4 only/);
    expect(invalid({ data: { ip: [{ cidr: '10.0.0.0/33' }] } })).toMatch(/IPv4 only/);
    expect(invalid({ data: { ip: [{ cidr: 'localhost' }] } })).toMatch(/does not look up host names/);
  });

  it('anything-but compares as text, may list null, and needs the field present', () => {
    const ab = (arg: unknown, value: string) =>
      alibaba({ data: { a: [{ 'anything-but': arg }] } }, withData(`{"a":${value}}`));
    expect(ab('300', '300')).toBe(false);
    expect(ab([], '"x"')).toBe(true);
    expect(ab([null, 'x'], 'null')).toBe(false);
    expect(ab('x', 'null')).toBe(true);
    expect(ab({ prefix: 'in' }, '5')).toBe(true);
    expect(alibaba({ data: { a: [{ 'anything-but': 'x' }] } }, withData('{}'))).toBe(false);
  });

  it("explain says why, Alibaba's way", () => {
    const pattern = compilePattern({ data: { a: { b: ['x'] } } }, { dialect: 'alibaba' });
    const why = explainPattern(pattern, parseJsonLossless(withData('{"a":{"b":{"c":1}}}')));
    expect(why.matches).toBe(false);
    expect(why.branches[0]!.failures[0]!.reason).toMatch(/holds an object/);
    const empty = explainPattern(pattern, parseJsonLossless(withData('{"a":{"b":[]}}')));
    expect(empty.branches[0]!.failures[0]!.reason).toMatch(/holds an empty array/);
    expect(explainPattern(pattern, parseJsonLossless('{"id":"1"}')).branches[0]!.failures[0]!.reason).toBe(
      'the event has no data',
    );
  });
});
