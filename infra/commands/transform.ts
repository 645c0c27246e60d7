import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { formatConfigPath, messageOf } from '../../bus/errors.js';
import type { CloudEvent } from '../../bus/event.js';
import type { Dialect } from '../../bus/pattern/index.js';
import { type CompiledTransform, compileTransform } from '../../functions/transformers/compile.js';
import { InvalidTransformError } from '../../functions/transformers/errors.js';
import { type Answer, tryEvent } from '../../functions/transformers/try-event.js';
import { type Command, type Io, parseFlags, readInput, UsageError } from './command.js';

const USAGE =
  'conflux transform test --cases FILE.jsonl | conflux transform run --spec SPEC --event EVENT [--json] [--dialect aws|alibaba]';

/**
 * `conflux transform test --cases FILE.jsonl`: each input line `{"id","transform":<spec>,"event":<JSON text>,"dialect"?}`
 * gives one output line `{"id","result":"ok","outputs":[…]}` or `{"id","result":"invalid"|"error","error"}`.
 * `conflux transform run --spec SPEC --event EVENT`: one try; SPEC and EVENT are files or inline
 * JSON/YAML (EVENT `-` reads stdin, an array is one batch); prints each output on a line.
 */
export const command: Command = {
  name: 'transform',
  summary: 'test transforms against cases, or run one spec on an event',
  usage: USAGE,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'test') return testCases(rest, io);
    if (sub === 'run') return runOnce(rest, io);
    throw new UsageError(sub === undefined ? 'missing subcommand (test or run)' : `unknown subcommand '${sub}'`);
  },
};

/** Compiled transforms by spec text, kept warm across cases (FUNCTION workers are reused). */
class Compiled {
  private readonly cache = new Map<string, CompiledTransform>();
  constructor(private readonly baseDirs: string[]) {}

  async get(spec: unknown, dialect: Dialect): Promise<CompiledTransform> {
    const key = `${dialect}:${JSON.stringify(spec)}`;
    let transform = this.cache.get(key);
    if (transform === undefined) {
      transform = this.compile(spec, dialect);
      this.cache.set(key, transform);
    }
    await transform.ready();
    return transform;
  }

  /** Relative FUNCTION handlers: from the current folder, else from the cases file's folder. */
  private compile(spec: unknown, dialect: Dialect): CompiledTransform {
    let error: unknown;
    for (const baseDir of this.baseDirs) {
      try {
        return compileTransform(spec, { baseDir, functionName: 'conflux-transform-test', dialect });
      } catch (e) {
        error ??= e;
        if (!(e instanceof InvalidTransformError && e.message.includes('handler file not found'))) break;
      }
    }
    throw error;
  }

  async close(): Promise<void> {
    await Promise.all([...this.cache.values()].map((t) => t.close()));
  }
}

async function testCases(args: string[], io: Io): Promise<number> {
  const { values } = parseFlags(args, { cases: { type: 'string' } });
  if (values.cases === undefined) throw new UsageError('--cases FILE.jsonl is required (- reads stdin)');
  const text = await readInput(values.cases, io);
  const casesDir = values.cases === '-' ? io.cwd : dirname(resolve(io.cwd, values.cases));
  const compiled = new Compiled([...new Set([io.cwd, casesDir])]);
  try {
    for (const [index, line] of text.split('\n').entries()) {
      if (line.trim() === '') continue;
      let input: { id?: unknown; transform?: unknown; event?: unknown; dialect?: unknown };
      try {
        input = JSON.parse(line) as typeof input;
      } catch (error) {
        io.stdout.write(
          `${JSON.stringify({ id: null, result: 'invalid', error: `line ${index + 1} is not JSON: ${messageOf(error)}` })}\n`,
        );
        continue;
      }
      const dialect = input.dialect ?? 'aws';
      const answer =
        dialect === 'aws' || dialect === 'alibaba'
          ? await tryCase(compiled, input.transform, input.event, dialect)
          : ({ result: 'invalid', error: 'dialect must be aws or alibaba' } as const);
      io.stdout.write(`${JSON.stringify({ id: input.id ?? null, ...answer })}\n`);
    }
  } finally {
    await compiled.close();
  }
  return 0;
}

async function tryCase(compiled: Compiled, spec: unknown, eventInput: unknown, dialect: Dialect): Promise<Answer> {
  let transform: CompiledTransform;
  try {
    transform = await compiled.get(spec, dialect);
  } catch (error) {
    return { result: 'invalid', error: messageOf(error) };
  }
  return tryEvent(transform, eventInput, dialect);
}

async function runOnce(args: string[], io: Io): Promise<number> {
  const { values } = parseFlags(args, {
    spec: { type: 'string' },
    event: { type: 'string' },
    json: { type: 'boolean' },
    dialect: { type: 'string' },
  });
  if (values.spec === undefined || values.event === undefined) throw new UsageError('--spec and --event are required');
  const dialect = values.dialect ?? 'aws';
  if (dialect !== 'aws' && dialect !== 'alibaba') throw new UsageError('--dialect takes aws or alibaba');
  const spec = readValue(values.spec, io, 'spec');
  const stdin = values.event === '-' ? await readInput('-', io) : undefined;
  const event = stdin !== undefined ? JSON.parse(stdin) : readValue(values.event, io, 'event');
  // alibaba: ORIGINAL hands on the event's JSON text as given (not for YAML, nor a batch).
  const given = stdin ?? textOf(values.event, io);
  const originalText =
    dialect === 'alibaba' && !Array.isArray(event) && /^\s*\{/.test(given) ? given.trim() : undefined;
  let transform: CompiledTransform;
  try {
    transform = compileTransform(spec, {
      baseDir: specDir(values.spec, io),
      functionName: 'conflux-transform-run',
      dialect,
    });
    await transform.ready();
  } catch (error) {
    const issues = error instanceof InvalidTransformError ? error.issues : [{ path: [], message: messageOf(error) }];
    for (const issue of issues)
      io.stderr.write(`${formatConfigPath(['transform', ...issue.path])}: ${issue.message}\n`);
    if (values.json) io.stdout.write(`${JSON.stringify({ result: 'invalid', error: messageOf(error) })}\n`);
    return 2;
  }
  try {
    const outputs = Array.isArray(event)
      ? await transform.batch(event as CloudEvent[])
      : await transform(event as CloudEvent, originalText);
    io.stdout.write(
      values.json ? `${JSON.stringify({ result: 'ok', outputs })}\n` : outputs.map((o) => `${o}\n`).join(''),
    );
    return 0;
  } catch (error) {
    io.stderr.write(`conflux transform: the event failed: ${messageOf(error)}\n`);
    if (values.json) io.stdout.write(`${JSON.stringify({ result: 'error', error: messageOf(error) })}\n`);
    return 1;
  } finally {
    await transform.close();
  }
}

/** The text a flag holds: the file it names, or the flag itself. */
function textOf(flag: string, io: Io): string {
  const file = resolve(io.cwd, flag);
  return existsSync(file) ? readFileSync(file, 'utf8') : flag;
}

/** A flag that names a file (JSON or YAML) or holds the JSON/YAML itself. */
function readValue(flag: string, io: Io, what: string): unknown {
  const text = textOf(flag, io);
  try {
    return /\.ya?ml$/.test(flag) || !/^\s*[[{"]/.test(text) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--${what} is neither a readable file nor JSON/YAML: ${messageOf(error)}`);
  }
}

/** FUNCTION handler paths in a spec file start at its folder; inline specs at the current one. */
function specDir(flag: string, io: Io): string {
  const file = resolve(io.cwd, flag);
  return existsSync(file) ? dirname(file) : io.cwd;
}
