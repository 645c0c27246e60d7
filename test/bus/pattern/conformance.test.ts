import { describe, expect, it } from 'vitest';
import {
  checkEventEnvelope,
  compilePattern,
  InvalidPatternError,
  parseJsonLossless,
} from '../../../bus/pattern/index.js';
import { Router } from '../../../bus/router/index.js';
import { type CorpusCase, corpusPresent, knownDifferences, readCorpus } from './corpus.js';

type Outcome = CorpusCase['expect'];

/** The single-pattern matcher, as `conflux pattern test` runs it; `envelope` adds TestEventPattern's event check. */
function viaPattern(c: CorpusCase, envelope: boolean): Outcome {
  let pattern: ReturnType<typeof compilePattern>;
  try {
    pattern = compilePattern(c.pattern, { dialect: c.dialect ?? 'aws' });
  } catch (error) {
    if (error instanceof InvalidPatternError) return 'invalid';
    throw error;
  }
  let event: unknown;
  try {
    event = parseJsonLossless(c.event ?? 'null');
  } catch {
    return 'invalid';
  }
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return 'invalid';
  if (envelope && checkEventEnvelope(event).length > 0) return 'invalid';
  return pattern.matches(event) ? 'match' : 'no-match';
}

/** The router (the one filter's engine), fed the parsed event. */
function viaRouter(c: CorpusCase, envelope: boolean): Outcome {
  const router = new Router();
  try {
    router.addRule('r', c.pattern, { dialect: c.dialect ?? 'aws' });
  } catch (error) {
    if (error instanceof InvalidPatternError) return 'invalid';
    throw error;
  }
  let event: unknown;
  try {
    event = parseJsonLossless(c.event ?? 'null');
  } catch {
    return 'invalid';
  }
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return 'invalid';
  if (envelope && checkEventEnvelope(event).length > 0) return 'invalid';
  return router.match(event).length > 0 ? 'match' : 'no-match';
}

describe.skipIf(!corpusPresent())(
  'conformance (../shared/conformance/patterns; skipped when that folder is absent)',
  () => {
    // localstack.jsonl records AWS TestEventPattern, which also rejects events without the envelope.
    describe('localstack.jsonl: every case, as AWS TestEventPattern answered', () => {
      const cases = corpusPresent() ? readCorpus('localstack') : [];
      it('has its 176 cases', () => expect(cases.length).toBe(176));
      it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
        expect(viaPattern(c, true)).toBe(c.expect);
        expect(viaRouter(c, true)).toBe(c.expect);
      });
    });

    describe('eventruler.jsonl: ≥ 99 %, every miss listed in KNOWN-DIFFERENCES.md', () => {
      const cases = corpusPresent() ? readCorpus('eventruler') : [];
      const known = knownDifferences();
      it('has its 955 cases', () => expect(cases.length).toBe(955));
      it('single-pattern matcher', () => {
        const missed = cases.filter((c) => viaPattern(c, false) !== c.expect).map((c) => c.id);
        expect(missed.filter((id) => !known.has(id))).toEqual([]);
        expect(missed.length / cases.length).toBeLessThanOrEqual(0.01);
      });
      it('router', () => {
        const missed = cases.filter((c) => viaRouter(c, false) !== c.expect).map((c) => c.id);
        expect(missed.filter((id) => !known.has(id))).toEqual([]);
        expect(missed.length / cases.length).toBeLessThanOrEqual(0.01);
      });
    });

    // Alibaba's own engine (apache/rocketmq-eventbridge), every line dialect alibaba: all must pass.
    describe("rocketmq-eventbridge.jsonl: every case, as Alibaba's engine decides", () => {
      const cases = corpusPresent() ? readCorpus('rocketmq-eventbridge') : [];
      it('has its 77 cases, all in the alibaba dialect', () => {
        expect(cases.length).toBe(77);
        expect(cases.every((c) => c.dialect === 'alibaba')).toBe(true);
      });
      it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
        expect(viaPattern(c, false)).toBe(c.expect);
        expect(viaRouter(c, false)).toBe(c.expect);
      });
    });
  },
);
