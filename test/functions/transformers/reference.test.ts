import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CloudEvent } from '../../../bus/event.js';
import { compileTransform } from '../../../functions/transformers/compile.js';

// The shared benchmark's reference evaluator (DESIGN.md's rules written plainly) is the oracle.
interface Reference {
  referenceTransform(spec: unknown, event: unknown): string;
}
const referenceUrl = new URL('../../../../shared/bench/transforms/transform-reference.mjs', import.meta.url);
// Beside a checkout without ../shared (a clone elsewhere) the oracle is missing: the suite is skipped, and says so.
const present = existsSync(fileURLToPath(referenceUrl));
const reference = (present ? await import(referenceUrl.href) : undefined) as Reference;

const key = fc.constantFrom('a', 'b', 'data', 'key', 'x_1', 'length', 'constructor');
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ unit: 'grapheme' }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  ),
})).value;
const eventArb = fc.record({ id: fc.string(), data: fc.dictionary(key, json, { maxKeys: 5 }) });
const path = fc
  .array(
    fc.oneof(
      key.map((k) => `.${k}`),
      fc.nat(3).map((i) => `[${i}]`),
    ),
    { maxLength: 4 },
  )
  .map((steps) => `$${steps.join('')}`);

/** The output of a compiled transform, or 'error' when the event fails. */
async function outcome(run: (event: CloudEvent) => Promise<string[]>, event: unknown): Promise<string> {
  try {
    return (await run(event as CloudEvent)).join('\n');
  } catch {
    return 'error';
  }
}

function expected(spec: unknown, event: unknown): string {
  try {
    return reference.referenceTransform(spec, event);
  } catch {
    return 'error';
  }
}

describe.skipIf(!present)(
  'compiled transforms agree with the reference evaluator (../shared/bench/transforms; skipped when absent)',
  () => {
    it('JSONPATH on random events and paths', async () => {
      await fc.assert(
        fc.asyncProperty(eventArb, path, async (event, value) => {
          const spec = { form: 'JSONPATH', value };
          expect(await outcome(compileTransform(spec), event)).toBe(expected(spec, event));
        }),
        { numRuns: 500 },
      );
    });

    it('TEMPLATE on random events, paths and literals', async () => {
      await fc.assert(
        // a literal: text that does not start with $ (that is a path, e.g. `$.`, which is invalid as one)
        fc.asyncProperty(
          eventArb,
          path,
          path,
          fc.string().filter((text) => !text.startsWith('$')),
          async (event, p, q, literal) => {
            const spec = { form: 'TEMPLATE', value: { p, q, l: literal }, template: '<${p}|${q}|${l}|${p}>' };
            expect(await outcome(compileTransform(spec), event)).toBe(expected(spec, event));
          },
        ),
        { numRuns: 500 },
      );
    });
  },
);
