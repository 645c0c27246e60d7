import { describe, expect, it } from 'vitest';
import { InvalidPatternError, parseJsonLossless } from '../../../bus/pattern/index.js';
import { Router } from '../../../bus/router/index.js';

const order = (id: number, status: string, total: number) => ({
  source: 'acs:alikafka',
  data: { topic: 'orders', value: { id, status, amount: { total }, items: [{ sku: `S${id}` }] } },
});

describe('Router', () => {
  it('returns the names of every matching rule, in the order rules were added', () => {
    const router = new Router();
    router.addRule('big', { data: { value: { amount: { total: [{ numeric: ['>=', 500] }] } } } });
    router.addRule('paid', { data: { value: { status: ['paid'] } } });
    router.addRule('orders', { data: { topic: ['orders'] } });
    router.addRule('iot', { data: { topic: ['iot-telemetry'] } });
    expect(router.match(order(1, 'paid', 900))).toEqual(['big', 'paid', 'orders']);
    expect(router.match(order(2, 'cancelled', 10))).toEqual(['orders']);
    expect(router.match(parseJsonLossless(JSON.stringify(order(3, 'paid', 1))))).toEqual(['paid', 'orders']);
  });

  it('adds, replaces and removes rules at run time', () => {
    const router = new Router();
    router.addRule('a', { data: { topic: ['orders'] } });
    expect(router.match(order(1, 'paid', 1))).toEqual(['a']);
    router.addRule('b', { data: { value: { status: ['paid'] } } });
    expect(router.match(order(1, 'paid', 1))).toEqual(['a', 'b']);
    router.addRule('a', { data: { topic: ['other'] } }); // replaced
    expect(router.match(order(1, 'paid', 1))).toEqual(['b']);
    expect(router.removeRule('b')).toBe(true);
    expect(router.removeRule('b')).toBe(false);
    expect(router.match(order(1, 'paid', 1))).toEqual([]);
    expect(router.ruleNames()).toEqual(['a']);
  });

  it('rejects an invalid rule with the pattern path and keeps the others', () => {
    const router = new Router();
    router.addRule('ok', { a: [1] });
    expect(() => router.addRule('bad', { a: [{ prefix: 1 }] })).toThrow(InvalidPatternError);
    expect(router.ruleNames()).toEqual(['ok']);
    expect(router.match({ a: 1 })).toEqual(['ok']);
  });

  it('shares index entries across rules and counts each rule once per event', () => {
    const router = new Router();
    for (let i = 0; i < 200; i++) router.addRule(`r${i}`, { data: { topic: ['orders'], value: { id: [i, i + 1] } } });
    const names = router.match(order(7, 'paid', 1));
    expect(names).toEqual(['r6', 'r7']);
    // array values hitting the same clause twice still count once
    router.addRule('tags', { tags: ['x', 'y'] });
    expect(router.match({ tags: ['x', 'y', 'x'] })).toEqual(['tags']);
  });

  it('checks rules with several fields in arrays of objects element by element', () => {
    const router = new Router();
    router.addRule('same-item', { items: { sku: ['A'], qty: [2] } });
    router.addRule('any-item', { items: { sku: ['A'] } });
    const spanning = {
      items: [
        { sku: 'A', qty: 1 },
        { sku: 'B', qty: 2 },
      ],
    };
    const together = {
      items: [
        { sku: 'B', qty: 1 },
        { sku: 'A', qty: 2 },
      ],
    };
    expect(router.match(spanning)).toEqual(['any-item']);
    expect(router.match(parseJsonLossless(JSON.stringify(spanning)))).toEqual(['any-item']);
    expect(router.match(together)).toEqual(['same-item', 'any-item']);
    expect(router.match(parseJsonLossless(JSON.stringify(together)))).toEqual(['same-item', 'any-item']);
  });

  it('handles rules that need no value (exists: false only) on every event', () => {
    const router = new Router();
    router.addRule('no-coupon', { data: { value: { coupon: [{ exists: false }] } } });
    expect(router.match({ data: { value: { id: 1 } } })).toEqual(['no-coupon']);
    expect(router.match({ data: { value: { coupon: 'X' } } })).toEqual([]);
    expect(router.match(parseJsonLossless('{"data":{"value":{"coupon":null}}}'))).toEqual([]);
    expect(router.match(parseJsonLossless('{"other":1}'))).toEqual(['no-coupon']);
  });

  it('matches events read from JSON text with whitespace, escapes, dotted and duplicate keys', () => {
    const router = new Router();
    router.addRule('r', { 'a.b': ['x"y'], c: [{ numeric: ['>', 1] }] });
    expect(router.match(parseJsonLossless(' { "a" : { "b" : "x\\"y" } ,\n "c" : 2.5e0 } '))).toEqual(['r']);
    expect(router.match(parseJsonLossless('{"a.b":"x\\u0022y","c":2}'))).toEqual(['r']);
    expect(router.match(parseJsonLossless('{"a\\u002eb":"x\\"y","c":2}'))).toEqual(['r']);
    expect(router.match(parseJsonLossless('{"a":{"b":"x"},"c":2}'))).toEqual([]);
    expect(router.match(parseJsonLossless('[1,2]'))).toEqual([]);
  });

  it('skips subtrees no rule uses, whatever they hold', () => {
    const router = new Router();
    router.addRule('r', { z: [true] });
    const noise = JSON.stringify({ a: [{ b: [[], {}, '}]"\\'] }], s: 'z', n: -1.5e-3, z2: { z: false } });
    expect(router.match(parseJsonLossless(`${noise.slice(0, -1)},"z":true}`))).toEqual(['r']);
    expect(router.match(parseJsonLossless(noise))).toEqual([]);
  });

  it('works with no rules', () => {
    expect(new Router().match({ a: 1 })).toEqual([]);
    expect(new Router().match(parseJsonLossless('{"a":1}'))).toEqual([]);
  });
});
