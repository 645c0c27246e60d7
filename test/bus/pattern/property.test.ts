import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPattern, compilePattern, parseJsonLossless } from '../../../bus/pattern/index.js';
import { Router } from '../../../bus/router/index.js';
import { eventArb, patternArb } from './arbitraries.js';
import { referenceMatches } from './reference.js';

// The engine against the reference evaluator in reference.ts, on random patterns and events.

describe('property: engine = reference evaluator', () => {
  it('generated patterns are valid', () => {
    fc.assert(
      fc.property(patternArb, (pattern) => {
        expect(checkPattern(pattern)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('single-pattern matcher agrees with the reference', () => {
    fc.assert(
      fc.property(patternArb, eventArb, (pattern, event) => {
        expect(compilePattern(pattern).matches(event)).toBe(referenceMatches(pattern, event));
      }),
      { numRuns: 3000 },
    );
  });

  it('router agrees with the reference, from parsed events and from JSON text, with many rules at once', () => {
    fc.assert(
      fc.property(
        fc.array(patternArb, { minLength: 1, maxLength: 8 }),
        fc.array(eventArb, { maxLength: 6 }),
        (patterns, events) => {
          const router = new Router();
          for (const [i, p] of patterns.entries()) router.addRule(`r${i}`, p);
          for (const event of events) {
            const want = patterns.flatMap((p, i) => (referenceMatches(p, event) ? [`r${i}`] : []));
            expect(router.match(event)).toEqual(want);
            expect(router.match(parseJsonLossless(JSON.stringify(event, null, 1)))).toEqual(want);
          }
        },
      ),
      { numRuns: 800 },
    );
  });

  it('an event key with dots is the same path as nested keys', () => {
    fc.assert(
      fc.property(patternArb, eventArb, (pattern, event) => {
        const dotted = flattenKeys(event);
        const router = new Router();
        router.addRule('r', pattern);
        const want = referenceMatches(pattern, event);
        expect(compilePattern(pattern).matches(dotted)).toBe(want);
        expect(router.match(dotted).length > 0).toBe(want);
        expect(router.match(parseJsonLossless(JSON.stringify(dotted))).length > 0).toBe(want);
      }),
      { numRuns: 1000 },
    );
  });
});

/** `{a: {b: 1}}` → `{"a.b": 1}` (objects only; arrays and scalars kept). */
function flattenKeys(value: Record<string, unknown>, prefix = '', out: Record<string, unknown> = {}) {
  for (const [key, v] of Object.entries(value)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0) {
      flattenKeys(v as Record<string, unknown>, path, out);
    } else out[path] = v;
  }
  return out;
}
