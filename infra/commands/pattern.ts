import { formatJsonPath, messageOf } from '../../bus/errors.js';
import { depthProblem } from '../../bus/json-depth.js';
import {
  checkEventEnvelope,
  compilePattern,
  type Dialect,
  explainPattern,
  InvalidPatternError,
} from '../../bus/pattern/index.js';
import { type Command, type Io, parseFlags, readInput, UsageError } from './command.js';

const USAGE = [
  'conflux pattern test --cases FILE.jsonl|- [--envelope aws]',
  '       conflux pattern explain --pattern JSON|@FILE --event JSON|@FILE [--dialect aws|alibaba]',
  '',
  'test: each input line {"id","pattern":<JSON text>,"event":<JSON text>,"dialect"?} gives one output',
  'line {"id","result":"match"|"no-match"|"invalid","error"?}, in order. --envelope aws also rejects',
  'events without the EventBridge envelope fields, as TestEventPattern does.',
].join('\n');

/** `conflux pattern test|explain`: the pattern tester the CLI contract (DESIGN.md) fixes. */
export const command: Command = {
  name: 'pattern',
  summary: 'test and explain event patterns (`pattern test --cases F`)',
  usage: USAGE,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'test') return runTest(rest, io);
    if (sub === 'explain') return runExplain(rest, io);
    throw new UsageError(`unknown subcommand '${sub ?? ''}': expected test or explain`);
  },
};

/** The outcome of one case line. */
export interface CaseResult {
  id: unknown;
  result: 'match' | 'no-match' | 'invalid';
  error?: string;
}

async function runTest(args: string[], io: Io): Promise<number> {
  const { values } = parseFlags(args, { cases: { type: 'string' }, envelope: { type: 'string' } });
  if (values.cases === undefined) throw new UsageError('--cases FILE.jsonl (or - for stdin) is required');
  if (values.envelope !== undefined && values.envelope !== 'aws') throw new UsageError('--envelope takes aws');
  const text = await readInput(values.cases, io);
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    out.push(JSON.stringify(testCase(line, values.envelope === 'aws')));
    if (out.length >= 512) io.stdout.write(`${out.splice(0).join('\n')}\n`);
  }
  if (out.length > 0) io.stdout.write(`${out.join('\n')}\n`);
  return 0;
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
    const pattern = compilePattern(input.pattern, { dialect: dialect as Dialect });
    const event = readEvent(input.event, envelope);
    if (typeof event === 'string') return { id, result: 'invalid', error: event };
    return { id, result: pattern.matches(event) ? 'match' : 'no-match' };
  } catch (error) {
    if (error instanceof InvalidPatternError) return { id, result: 'invalid', error: describeInvalid(error) };
    throw error;
  }
}

function readEvent(text: unknown, envelope: boolean): unknown {
  const invalid = 'Parameter Event is not valid';
  if (typeof text !== 'string') return `${invalid}: no event text`;
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch (error) {
    return `${invalid}: ${messageOf(error)}`;
  }
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return `${invalid}: not a JSON object`;
  const deep = depthProblem(event); // a running task refuses such an event too (bus/emulator/prepare.ts)
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

async function runExplain(args: string[], io: Io): Promise<number> {
  const { values } = parseFlags(args, {
    pattern: { type: 'string' },
    event: { type: 'string' },
    dialect: { type: 'string' },
  });
  if (values.pattern === undefined || values.event === undefined) {
    throw new UsageError('--pattern and --event are required (JSON text, or @FILE)');
  }
  const dialect = values.dialect ?? 'aws';
  if (dialect !== 'aws' && dialect !== 'alibaba') throw new UsageError('--dialect takes aws or alibaba');
  const patternText = await argumentText(values.pattern, io);
  const eventText = await argumentText(values.event, io);
  let pattern: ReturnType<typeof compilePattern>;
  try {
    pattern = compilePattern(patternText, { dialect });
  } catch (error) {
    if (!(error instanceof InvalidPatternError)) throw error;
    io.stdout.write(
      `${JSON.stringify({ result: 'invalid', issues: error.issues.map((i) => ({ path: formatJsonPath(i.path), message: i.message })) })}\n`,
    );
    return 1;
  }
  let event: unknown;
  try {
    event = JSON.parse(eventText);
  } catch (error) {
    throw new UsageError(`--event is not JSON: ${messageOf(error)}`);
  }
  const explanation = explainPattern(pattern, event);
  io.stdout.write(
    `${JSON.stringify({ result: explanation.matches ? 'match' : 'no-match', ...explanation }, null, 2)}\n`,
  );
  return 0;
}

async function argumentText(value: string, io: Io): Promise<string> {
  return value.startsWith('@') ? readInput(value.slice(1), io) : value;
}
