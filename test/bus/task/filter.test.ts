import { describe, expect, it } from 'vitest';
import { depthProblem } from '../../../bus/json-depth.js';
import {
  checkEventEnvelope,
  type Dialect,
  InvalidPatternError,
  parseJsonLossless,
} from '../../../bus/pattern/index.js';
import { compileFilter } from '../../../bus/task/filter.js';
import { type CaseResult, testCase } from '../../../bus/task/pattern-test.js';
import { type CorpusCase, corpusPresent, readCorpus } from '../pattern/corpus.js';

/** What a running task decides for an event: refused when too deep (prepare.ts), else the one filter's answer. */
function viaTask(patternText: string, eventText: string, dialect: Dialect, envelope = false): CaseResult['result'] {
  let filter: ReturnType<typeof compileFilter>;
  try {
    filter = compileFilter(patternText, dialect);
  } catch (error) {
    if (error instanceof InvalidPatternError) return 'invalid';
    throw error;
  }
  let event: unknown;
  try {
    event = parseJsonLossless(eventText);
  } catch {
    return 'invalid';
  }
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return 'invalid';
  if (depthProblem(event) !== undefined) return 'invalid';
  if (envelope && checkEventEnvelope(event).length > 0) return 'invalid';
  return filter(event) ? 'match' : 'no-match';
}

const viaTester = (pattern: string, event: string, dialect: Dialect, envelope = false) =>
  testCase(JSON.stringify({ pattern, event, dialect }), envelope).result;

const nestedObjects = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
const nestedArrays = (levels: number) => `${'['.repeat(levels)}"x"${']'.repeat(levels)}`;

describe('the one filter and `pattern test` agree', () => {
  // data holds the nesting, so the event is one level deeper than it: 99 passes, 100 is past the limit
  it.each([1, 50, 98, 99, 100, 101, 3_000, 20_000])('on an event whose data nests %i levels deep', (levels) => {
    const cases = [
      { pattern: '{"source":["s"]}', data: nestedObjects(levels) },
      { pattern: '{"data":{"a":{"a":[{"exists":true}]}}}', data: nestedObjects(levels) },
      // nested arrays at a path the pattern uses: the router walks into each of them
      { pattern: '{"data":["x"]}', data: nestedArrays(levels) },
      { pattern: '{"data":[{"anything-but":"y"}]}', data: nestedArrays(levels) },
    ];
    for (const { pattern, data } of cases) {
      const event = `{"source":"s","data":${data}}`;
      for (const dialect of ['aws', 'alibaba'] as const) {
        const tester = viaTester(pattern, event, dialect);
        expect(viaTask(pattern, event, dialect)).toBe(tester);
        if (levels >= 100) expect(tester).toBe('invalid');
        else if (pattern === '{"source":["s"]}') expect(tester).toBe('match');
      }
    }
  });

  describe.skipIf(!corpusPresent())('on every case of the conformance corpus (../shared/conformance/patterns)', () => {
    const corpora = corpusPresent()
      ? (['localstack', 'eventruler', 'rocketmq-eventbridge'] as const).map((name) => [name, readCorpus(name)] as const)
      : [];
    it.each(corpora)('%s', (name, cases: CorpusCase[]) => {
      const envelope = name === 'localstack'; // recorded from AWS TestEventPattern, which wants the envelope
      const disagreeing = cases.filter((c) => {
        const dialect = c.dialect ?? 'aws';
        const event = c.event ?? 'null';
        return viaTask(c.pattern, event, dialect, envelope) !== viaTester(c.pattern, event, dialect, envelope);
      });
      expect(disagreeing.map((c) => c.id)).toEqual([]);
      expect(cases.length).toBeGreaterThan(70);
    });
  });
});
