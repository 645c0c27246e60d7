import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../infra/config/validate.js';
import { task } from './helpers.js';

// zod's own wording, which users should never see.
const rawZod = /Invalid input|Invalid option|Too (big|small)|Unrecognized key|expected .+, received/;

const nearlyValidTask = fc.record(
  {
    name: fc.oneof(fc.constantFrom('a', 'b', 'a-1'), fc.string()),
    source: fc.oneof(fc.constant({ type: 'kafka', topic: 'orders' }), fc.anything()),
    sink: fc.oneof(fc.constant({ type: 'stdout' }), fc.record({ type: fc.string(), path: fc.anything() })),
    concurrency: fc.oneof(fc.integer({ min: -5, max: 40 }), fc.anything()),
    retry: fc.anything(),
    errors: fc.anything(),
    filter: fc.anything(),
  },
  { requiredKeys: [] },
);

describe('validateConfig on arbitrary input', () => {
  it('never throws, and every problem has plain words', () => {
    const input = fc.oneof(
      fc.anything(),
      fc.record({
        version: fc.oneof(fc.constant(1), fc.anything()),
        tasks: fc.array(nearlyValidTask, { maxLength: 4 }),
      }),
    );
    fc.assert(
      fc.property(input, (raw) => {
        const result = validateConfig(raw);
        if (result.ok) return;
        expect(result.issues.length).toBeGreaterThan(0);
        for (const issue of result.issues) {
          expect(issue.message).not.toMatch(rawZod);
          expect(issue.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('accepts any number of valid tasks up to the quota, with distinct names', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/), { maxLength: 20 }), (names) => {
        const result = validateConfig({ version: 1, tasks: names.map((name) => task({ name })) });
        expect(result.ok).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
