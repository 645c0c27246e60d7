import { formatJsonPath, messageOf } from '../errors.js';
import { depthProblem } from '../json-depth.js';
import { checkEventEnvelope, type Dialect, InvalidPatternError, parseJsonLossless } from '../pattern/index.js';
import { compileFilter } from './filter.js';

/**
 * The pattern tester of `conflux pattern test` and the console: one case line in, one result out,
 * decided by the filter a running task uses (compileFilter), after the depth check it makes.
 */

/** The outcome of one case line. */
export interface CaseResult {
  id: unknown;
  result: 'match' | 'no-match' | 'invalid';
  error?: string;
}

/** Runs one `{"id","pattern","event","dialect"?}` line. */
export function testCase(line: string, envelope = false): CaseResult {
  let input: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(line);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not a JSON object');
    input = parsed as Record<string, unknown>;
  } catch (error) {
    return { id: null, result: 'invalid', error: `case line is not a JSON object: ${messageOf(error)}` };
  }
  const id = input.id ?? null;
  const dialect = input.dialect === undefined ? 'aws' : input.dialect;
  if (dialect !== 'aws' && dialect !== 'alibaba')
    return { id, result: 'invalid', error: 'dialect must be aws or alibaba' };
  try {
    const filter = compileFilter(input.pattern, dialect as Dialect);
    const event = readEvent(input.event, envelope);
    if (typeof event === 'string') return { id, result: 'invalid', error: event };
    return { id, result: filter(event) ? 'match' : 'no-match' };
  } catch (error) {
    if (error instanceof InvalidPatternError) return { id, result: 'invalid', error: describeInvalid(error) };
    throw error;
  }
}

function readEvent(text: unknown, envelope: boolean): object | string {
  const invalid = 'Parameter Event is not valid';
  if (typeof text !== 'string') return `${invalid}: no event text`;
  let event: unknown;
  try {
    event = parseJsonLossless(text);
  } catch (error) {
    return `${invalid}: ${messageOf(error)}`;
  }
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return `${invalid}: not a JSON object`;
  const deep = depthProblem(event); // a running task refuses such an event too (prepare-events.ts), in the emulator and deployed
  if (deep !== undefined) return `${invalid}: ${deep}`;
  if (envelope) {
    const missing = checkEventEnvelope(event);
    if (missing.length > 0) return `${invalid}: missing ${missing.join(', ')}`;
  }
  return event;
}

function describeInvalid(error: InvalidPatternError): string {
  return error.issues.map((issue) => `${issue.message} at ${formatJsonPath(issue.path)}`).join('; ');
}
