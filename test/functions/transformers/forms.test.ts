import { describe, expect, it } from 'vitest';
import type { CloudEvent } from '../../../bus/event.js';
import { compileTransform } from '../../../functions/transformers/compile.js';

const event = {
  specversion: '1.0',
  id: 'e-1',
  source: 'acs:alikafka',
  type: 'alikafka:Topic:Message',
  data: {
    topic: 'orders',
    partition: 7,
    key: 'ключ-🔑',
    value: {
      quote: 'she said "hi" and \'bye\'\n\ttab \\ slash',
      'a b': { "it's": 'spaced', 'x"y': 'dq' },
      nested: { list: [1, [2, { deep: 'bottom' }], { k: null }] },
      numbers: {
        negative: -12.5,
        exponent: 4.5e-7,
        large: 1e21,
        big: 123456789012345680000,
        int: 9007199254740991,
        zero: -0,
      },
      flags: { yes: true, no: false, none: null },
      empty: { obj: {}, arr: [], str: '' },
      unicode: '日本語 — ü',
    },
  },
} as unknown as CloudEvent;

async function run(spec: unknown, input: CloudEvent = event): Promise<string[]> {
  const transform = compileTransform(spec);
  try {
    return await transform(input);
  } finally {
    await transform.close();
  }
}

describe('ORIGINAL', () => {
  it('gives the whole event as compact JSON, unicode and escapes intact', async () => {
    const [out] = await run({ form: 'ORIGINAL' });
    expect(out).toBe(JSON.stringify(event));
    expect(JSON.parse(out!)).toEqual(JSON.parse(JSON.stringify(event)));
  });
  it('hands on the original text when the runtime has it', async () => {
    const transform = compileTransform({ form: 'ORIGINAL' });
    expect(await transform(event, '{"kept":"as is"}')).toEqual(['{"kept":"as is"}']);
  });
});

describe('CONSTANT', () => {
  it('gives its value for every event, whatever the event', async () => {
    expect(await run({ form: 'CONSTANT', value: 'fixed "text" ✓' })).toEqual(['fixed "text" ✓']);
    expect(await run({ form: 'CONSTANT', value: '' })).toEqual(['']);
  });
});

describe('JSONPATH', () => {
  it.each([
    ['$.data.key', 'ключ-🔑'],
    ['$.data.value.quote', 'she said "hi" and \'bye\'\n\ttab \\ slash'],
    ["$.data.value['a b']['it\\'s']", 'spaced'],
    ['$.data.value["a b"]["x\\"y"]', 'dq'],
    ['$.data.value.nested.list[1][1].deep', 'bottom'],
    ['$.data.value.nested.list[0]', '1'],
    ['$.data.value.nested.list[2].k', 'null'],
    ['$.data.value.numbers.negative', '-12.5'],
    ['$.data.value.numbers.exponent', '4.5e-7'],
    ['$.data.value.numbers.large', '1e+21'],
    ['$.data.value.numbers.big', '123456789012345680000'],
    ['$.data.value.numbers.int', '9007199254740991'],
    ['$.data.value.numbers.zero', '0'],
    ['$.data.value.flags.yes', 'true'],
    ['$.data.value.flags.no', 'false'],
    ['$.data.value.empty.str', ''],
    ['$.data.value.empty.obj', '{}'],
    ['$.data.value.empty.arr', '[]'],
    ['$.data.value.unicode', '日本語 — ü'],
    ['$.data.value.nested', '{"list":[1,[2,{"deep":"bottom"}],{"k":null}]}'],
    ['$.data.value.quote', 'she said "hi" and \'bye\'\n\ttab \\ slash'],
  ])('%s → %s', async (path, want) => {
    expect(await run({ form: 'JSONPATH', value: path })).toEqual([want]);
  });

  it('selects the whole event with $', async () => {
    expect(await run({ form: 'JSONPATH', value: '$' })).toEqual([JSON.stringify(event)]);
  });

  it.each([
    '$.data.missing',
    '$.data.key.length',
    '$.data.value.nested.list.length',
    '$.data.value.nested.list[3]',
    '$.data.value.nested.list[0].x',
    '$.data.value.empty.str.x',
    '$.data.value.constructor',
    '$.data.value.__proto__',
    '$.data.value.nested.list[1]["0"]',
    '$.data.value.flags.none.x',
  ])('%s selects nothing: an error for this event', async (path) => {
    await expect(run({ form: 'JSONPATH', value: path })).rejects.toMatchObject({
      code: 'transform.nothing-selected',
      message: `${path}: nothing selected`,
      retriable: false,
    });
  });
});

describe('TEMPLATE', () => {
  const value = {
    key: '$.data.key',
    quote: '$.data.value.quote',
    neg: '$.data.value.numbers.negative',
    exp: '$.data.value.numbers.exponent',
    large: '$.data.value.numbers.large',
    yes: '$.data.value.flags.yes',
    none: '$.data.value.flags.none',
    obj: '$.data.value.nested',
    arr: '$.data.value.nested.list[1]',
    missing: '$.data.value.nope.nope',
    spaced: "$.data.value['a b']['it\\'s']",
    literal: 'a literal with ${braces} and $dollars',
  };

  it('substitutes strings raw, scalars as JSON text, objects/arrays compact, nothing as empty', async () => {
    const template =
      'k=${key}|q=${quote}|n=${neg}|e=${exp}|l=${large}|y=${yes}|z=${none}|o=${obj}|a=${arr}|m=${missing}|s=${spaced}|${literal}';
    expect(await run({ form: 'TEMPLATE', value, template })).toEqual([
      'k=ключ-🔑|q=she said "hi" and \'bye\'\n\ttab \\ slash|n=-12.5|e=4.5e-7|l=1e+21|y=true|z=null' +
        '|o={"list":[1,[2,{"deep":"bottom"}],{"k":null}]}|a=[2,{"deep":"bottom"}]|m=|s=spaced|a literal with ${braces} and $dollars',
    ]);
  });

  it('repeats a variable, keeps text that only looks like one, and allows a template without variables', async () => {
    expect(
      await run({ form: 'TEMPLATE', value: { k: '$.data.topic' }, template: '${k}${k} ${ k} $k ${} 日本' }),
    ).toEqual(['ordersorders ${ k} $k ${} 日本']);
    expect(await run({ form: 'TEMPLATE', value: {}, template: 'plain' })).toEqual(['plain']);
  });

  it('takes templates and values right at the limits', async () => {
    const long = 'x'.repeat(10_240 - '${v}'.length);
    const [out] = await run({ form: 'TEMPLATE', value: { v: 'y'.repeat(1024) }, template: `${long}\${v}` });
    expect(out).toBe(long + 'y'.repeat(1024));
  });
});

describe('JSONATA', () => {
  it('renders results as JSONPATH does', async () => {
    expect(await run({ form: 'JSONATA', expression: 'data.key' })).toEqual(['ключ-🔑']);
    expect(await run({ form: 'JSONATA', expression: 'data.value.numbers.negative * 2' })).toEqual(['-25']);
    expect(
      await run({ form: 'JSONATA', expression: '{"q": data.value.quote, "n": data.value.nested.list[1]}' }),
    ).toEqual(['{"q":"she said \\"hi\\" and \'bye\'\\n\\ttab \\\\ slash","n":[2,{"deep":"bottom"}]}']);
    expect(await run({ form: 'JSONATA', expression: "data.value.`a b`.`it's`" })).toEqual(['spaced']);
  });

  it('fails the event when nothing is selected or evaluation fails', async () => {
    await expect(run({ form: 'JSONATA', expression: 'data.nope' })).rejects.toMatchObject({
      code: 'transform.nothing-selected',
    });
    await expect(run({ form: 'JSONATA', expression: '$undefinedFunction()' })).rejects.toMatchObject({
      code: 'transform.expression-failed',
      message: expect.stringContaining('T1006'),
    });
    await expect(run({ form: 'JSONATA', expression: '$uppercase' })).rejects.toMatchObject({
      code: 'transform.not-json',
    });
  });
});

describe('batch', () => {
  it('gives the outputs of every event in order', async () => {
    const transform = compileTransform({ form: 'JSONPATH', value: '$.id' });
    const events = ['a', 'b', 'c'].map((id) => ({ ...event, id }));
    expect(await transform.batch(events)).toEqual(['a', 'b', 'c']);
    expect(transform.form).toBe('JSONPATH');
  });
});

describe('outputs', () => {
  it('answers at once for the forms that need not wait, with what the promise gives', async () => {
    for (const spec of [
      { form: 'ORIGINAL' },
      { form: 'CONSTANT', value: 'c' },
      { form: 'JSONPATH', value: '$.data.partition' },
      { form: 'TEMPLATE', value: { p: '$.data.partition' }, template: 'p=${p}' },
    ]) {
      const transform = compileTransform(spec);
      const now = transform.outputs(event);
      expect(Array.isArray(now), spec.form).toBe(true);
      expect(now).toEqual(await transform(event));
    }
  });

  it('gives a promise for JSONATA, and throws at once where the promise would reject', async () => {
    const jsonata = compileTransform({ form: 'JSONATA', expression: 'data.partition + 1' });
    const later = jsonata.outputs(event);
    expect(later).toBeInstanceOf(Promise);
    expect(await later).toEqual(['8']);
    const missing = compileTransform({ form: 'JSONPATH', value: '$.data.nothing' });
    expect(() => missing.outputs(event)).toThrow(/nothing selected/);
    await expect(missing(event)).rejects.toThrow(/nothing selected/);
  });
});
