import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkTransform, compileTransform } from '../../../functions/transformers/compile.js';
import { InvalidTransformError } from '../../../functions/transformers/errors.js';

/** An existing handler, so that compiling reports only the problem under test. */
const HANDLER = fileURLToPath(new URL('./fixtures/results.mjs', import.meta.url));

/** [what is wrong, spec, expected issues (path + a part of the message)] */
const invalid: [string, unknown, [(string | number)[], string][]][] = [
  ['not an object', 'JSONPATH', [[[], 'a transform is an object with a form']]],
  ['an array', [], [[[], 'a transform is an object']]],
  ['null', null, [[[], 'a transform is an object']]],
  ['no form', { value: '$.a' }, [[['form'], 'form is required']]],
  ['unknown form', { form: 'XPATH' }, [[['form'], 'unknown form "XPATH"']]],
  ['form in lower case', { form: 'jsonpath', value: '$.a' }, [[['form'], 'unknown form "jsonpath"']]],
  ['form not a string', { form: 1 }, [[['form'], 'unknown form 1']]],
  ['ORIGINAL with a value', { form: 'ORIGINAL', value: 'x' }, [[['value'], 'unknown key for form ORIGINAL']]],
  ['CONSTANT without value', { form: 'CONSTANT' }, [[['value'], 'value is required']]],
  ['CONSTANT value not text', { form: 'CONSTANT', value: 5 }, [[['value'], 'value must be a string, got number']]],
  ['JSONPATH without value', { form: 'JSONPATH' }, [[['value'], 'value is required']]],
  ['JSONPATH value an object', { form: 'JSONPATH', value: { a: 1 } }, [[['value'], 'got object']]],
  ['JSONPATH without $', { form: 'JSONPATH', value: 'data.key' }, [[['value'], 'a path starts with $']]],
  ['JSONPATH wildcard', { form: 'JSONPATH', value: '$.data.*' }, [[['value'], 'expected a member name']]],
  ['JSONPATH recursive descent', { form: 'JSONPATH', value: '$..key' }, [[['value'], 'recursive descent']]],
  ['JSONPATH filter', { form: 'JSONPATH', value: '$.a[?(@.b)]' }, [[['value'], 'is not a definite step']]],
  ['JSONPATH negative index', { form: 'JSONPATH', value: '$.a[-1]' }, [[['value'], '[-1]']]],
  ['JSONPATH slice', { form: 'JSONPATH', value: '$.a[0:2]' }, [[['value'], '[0:2]']]],
  ['JSONPATH unterminated quote', { form: 'JSONPATH', value: "$.a['b" }, [[['value'], 'unterminated quoted name']]],
  ['JSONPATH unterminated bracket', { form: 'JSONPATH', value: '$.a[0' }, [[['value'], 'unterminated "["']]],
  ['JSONPATH junk after quote', { form: 'JSONPATH', value: "$['a'x]" }, [[['value'], 'expected "]"']]],
  ['JSONPATH trailing dot', { form: 'JSONPATH', value: '$.a.' }, [[['value'], 'expected a member name']]],
  ['JSONPATH space', { form: 'JSONPATH', value: '$.a b' }, [[['value'], 'unexpected " "']]],
  [
    'JSONPATH extra key',
    { form: 'JSONPATH', value: '$.a', template: 'x' },
    [[['template'], 'unknown key for form JSONPATH']],
  ],
  [
    'TEMPLATE without anything',
    { form: 'TEMPLATE' },
    [
      [['value'], 'value is required'],
      [['template'], 'template is required'],
    ],
  ],
  [
    'TEMPLATE value a string',
    { form: 'TEMPLATE', value: '$.a', template: 'x' },
    [[['value'], 'value must be an object, got string']],
  ],
  [
    'TEMPLATE value entry a number',
    { form: 'TEMPLATE', value: { n: 1 }, template: '${n}' },
    [[['value', 'n'], 'got number']],
  ],
  [
    'TEMPLATE bad path',
    { form: 'TEMPLATE', value: { n: '$.a[*]' }, template: '${n}' },
    [[['value', 'n'], 'not a definite JSONPath']],
  ],
  [
    'TEMPLATE undeclared',
    { form: 'TEMPLATE', value: { a: '$.a' }, template: '${a} ${b} ${c}' },
    [
      [['template'], 'undeclared variable ${b}'],
      [['template'], 'undeclared variable ${c}'],
    ],
  ],
  ['TEMPLATE template not text', { form: 'TEMPLATE', value: {}, template: ['x'] }, [[['template'], 'got array']]],
  [
    'TEMPLATE too long',
    { form: 'TEMPLATE', value: {}, template: 'x'.repeat(10_241) },
    [[['template'], 'is 10241 characters; at most 10240']],
  ],
  [
    'TEMPLATE value too long',
    { form: 'TEMPLATE', value: { v: 'y'.repeat(1025) }, template: '${v}' },
    [[['value', 'v'], 'is 1025 characters; at most 1024']],
  ],
  ['FUNCTION without handler', { form: 'FUNCTION' }, [[['handler'], 'handler is required']]],
  [
    'FUNCTION python handler',
    { form: 'FUNCTION', handler: 'index.py#handler' },
    [[['handler'], 'must end in .mjs, .js, .ts']],
  ],
  [
    'FUNCTION bad export',
    { form: 'FUNCTION', handler: 'a.mjs#not-a-name' },
    [[['handler'], 'is not a JavaScript name']],
  ],
  ['FUNCTION no file', { form: 'FUNCTION', handler: '#handler' }, [[['handler'], 'needs a file']]],
  [
    'FUNCTION timeout zero',
    { form: 'FUNCTION', handler: HANDLER, timeoutMs: 0 },
    [[['timeoutMs'], 'from 1 to 900000, got 0']],
  ],
  ['FUNCTION timeout text', { form: 'FUNCTION', handler: HANDLER, timeoutMs: '3s' }, [[['timeoutMs'], 'got string']]],
  ['FUNCTION timeout fraction', { form: 'FUNCTION', handler: HANDLER, timeoutMs: 1.5 }, [[['timeoutMs'], 'got 1.5']]],
  [
    'FUNCTION memory too small',
    { form: 'FUNCTION', handler: HANDLER, memoryMb: 8 },
    [[['memoryMb'], 'from 16 to 4096, got 8']],
  ],
  ['JSONATA without expression', { form: 'JSONATA' }, [[['expression'], 'expression is required']]],
  ['JSONATA empty expression', { form: 'JSONATA', expression: '  ' }, [[['expression'], 'expression is empty']]],
  [
    'JSONATA parse failure',
    { form: 'JSONATA', expression: 'data.(' },
    [[['expression'], 'does not parse: Expected ")" before end of expression at character 6 [S0203]']],
  ],
  [
    'several problems at once',
    { form: 'JSONPATH', value: 1, extra: true, other: 2 },
    [
      [['extra'], 'unknown key'],
      [['other'], 'unknown key'],
      [['value'], 'value must be a string'],
    ],
  ],
];

describe('checkTransform', () => {
  it.each(invalid)('rejects %s with every issue at its path', (_what, spec, expected) => {
    const issues = checkTransform(spec);
    expect(issues.map((i) => i.path)).toEqual(expected.map(([path]) => path));
    for (const [i, issue] of issues.entries()) expect(issue.message).toContain(expected[i]![1]);
  });

  it.each(invalid)('compileTransform throws InvalidTransformError for %s', (_what, spec, expected) => {
    let caught: unknown;
    try {
      compileTransform(spec);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidTransformError);
    expect((caught as InvalidTransformError).code).toBe('transform.invalid');
    expect((caught as InvalidTransformError).issues).toHaveLength(expected.length);
  });

  it.each([
    { form: 'ORIGINAL' },
    { form: 'CONSTANT', value: '' },
    { form: 'JSONPATH', value: '$' },
    { form: 'JSONPATH', value: '$[\'a\'][0]["b c"].d-e.ü' },
    { form: 'TEMPLATE', value: {}, template: '' },
    { form: 'TEMPLATE', value: { a: '$.x', unused: 'literal' }, template: '${a}' },
    { form: 'FUNCTION', handler: 'h.mjs' },
    { form: 'FUNCTION', handler: 'dir/h.ts#transform', timeoutMs: 900_000, memoryMb: 4096 },
    { form: 'JSONATA', expression: '$' },
  ])('accepts %j', (spec) => {
    expect(checkTransform(spec)).toEqual([]);
  });

  it('names the first issue and its path in the error message', () => {
    expect(() => compileTransform({ form: 'TEMPLATE', value: { n: 2 }, template: '${n}' })).toThrow(
      'value.n: must be a string ("$.path" or a literal), got number',
    );
  });

  it('checks that a FUNCTION handler file exists when given the base folder', () => {
    expect(checkTransform({ form: 'FUNCTION', handler: 'nowhere.mjs#h' }, { baseDir: '/tmp' })).toEqual([
      { path: ['handler'], message: 'handler file not found: /tmp/nowhere.mjs' },
    ]);
    expect(checkTransform({ form: 'FUNCTION', handler: 'nowhere.mjs#h' })).toEqual([]);
  });

  it('rejects a FUNCTION whose handler file does not exist when compiling', () => {
    expect(() => compileTransform({ form: 'FUNCTION', handler: 'nowhere.mjs' }, { baseDir: '/tmp' })).toThrow(
      'handler: handler file not found: /tmp/nowhere.mjs',
    );
  });
});
