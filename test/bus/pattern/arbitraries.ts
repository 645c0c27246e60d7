import fc from 'fast-check';

// Random patterns and events over a small vocabulary, so matches are frequent. Events have
// nested objects and arrays of scalars but no arrays of objects (the reference walks them
// together, which is exact only there). Strings avoid IP literals.

const KEYS = ['a', 'b', 'c'];
// Keys inside `$or` branches differ from the fields beside it: a path both beside and inside an
// `$or` is replaced by the inner one (event-ruler's JsonRuleCompiler), which the reference does not model.
const OR_KEYS = ['d', 'e'];
const text = fc.string({ unit: fc.constantFrom('a', 'b', 'A', 'B', '-', 'é'), maxLength: 4 });
const number = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom(0.5, -1.25, 2.5, 1e3));
const scalar = fc.oneof(text, number, fc.boolean(), fc.constant(null));

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** An event value: scalars, arrays of scalars, nested objects (at most 3 levels). */
export const eventArb: fc.Arbitrary<Record<string, Json>> = eventLevel(3);

function eventLevel(depth: number): fc.Arbitrary<Record<string, Json>> {
  const leaf = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }));
  const value = depth <= 1 ? leaf : fc.oneof(leaf, leaf, eventLevel(depth - 1));
  return fc.dictionary(fc.constantFrom(...KEYS, ...OR_KEYS), value, { maxKeys: 4 });
}

const wildcardText = fc
  .array(fc.constantFrom('a', 'b', '-', '*'), { maxLength: 5 })
  .map((chars) => chars.join('').replace(/\*+/g, '*'));

const range = fc.tuple(number, number).filter(([x, y]) => x < y);

/** One alternative of a field: a literal or one operator expression. */
export const alternativeArb: fc.Arbitrary<Json> = fc.oneof(
  scalar,
  text.map((v) => ({ prefix: v })),
  text.map((v) => ({ suffix: v })),
  text.map((v) => ({ prefix: { 'equals-ignore-case': v } })),
  text.map((v) => ({ suffix: { 'equals-ignore-case': v } })),
  text.map((v) => ({ 'equals-ignore-case': v })),
  text.filter((v) => v !== '').map((v) => ({ contains: v })),
  wildcardText.map((v) => ({ wildcard: v })),
  fc.boolean().map((v) => ({ exists: v })),
  number.map((v) => ({ numeric: ['=', v] })),
  fc.tuple(fc.constantFrom('<', '<=', '>', '>='), number).map(([op, v]) => ({ numeric: [op, v] })),
  fc
    .tuple(range, fc.constantFrom('>', '>='), fc.constantFrom('<', '<='))
    .map(([[x, y], lo, hi]) => ({ numeric: [lo, x, hi, y] })),
  fc.oneof(text, number).map((v) => ({ 'anything-but': v })),
  fc.array(text, { minLength: 1, maxLength: 2 }).map((v) => ({ 'anything-but': v })),
  fc.array(number, { minLength: 1, maxLength: 2 }).map((v) => ({ 'anything-but': v })),
  fc
    .array(
      text.filter((v) => v !== ''),
      { minLength: 1, maxLength: 2 },
    )
    .map((v) => ({ 'anything-but': { prefix: v } })),
  text.filter((v) => v !== '').map((v) => ({ 'anything-but': { suffix: v } })),
  fc.array(text, { minLength: 1, maxLength: 2 }).map((v) => ({ 'anything-but': { 'equals-ignore-case': v } })),
  wildcardText.map((v) => ({ 'anything-but': { wildcard: v } })),
);

/** A pattern: fields with alternatives, nested objects (at most 3 levels), sometimes an `$or`. */
export const patternArb: fc.Arbitrary<Record<string, Json>> = patternLevel(3, true, KEYS);

function patternLevel(depth: number, allowOr: boolean, keys: string[]): fc.Arbitrary<Record<string, Json>> {
  const alternatives = fc.array(alternativeArb, { minLength: 1, maxLength: 3 });
  const value: fc.Arbitrary<Json> =
    depth <= 1 ? alternatives : fc.oneof(alternatives, alternatives, patternLevel(depth - 1, allowOr, KEYS));
  const fields = fc.dictionary(fc.constantFrom(...keys), value, { minKeys: 1, maxKeys: 3 });
  if (!allowOr || depth <= 1) return fields;
  const branch = patternLevel(depth - 1, false, OR_KEYS);
  return fc
    .tuple(fields, fc.option(fc.tuple(branch, branch), { freq: 4 }))
    .map(([f, or]) => (or === null ? f : { ...f, $or: or }));
}
