import { formatJsonPath, messageOf } from '../../bus/errors.js';
import { compilePattern, explainPattern, InvalidPatternError, parseJsonLossless } from '../../bus/pattern/index.js';
import { testCase } from '../../bus/task/pattern-test.js';
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
    event = parseJsonLossless(eventText);
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
