import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { kafkaRecordToEvent } from '../../functions/adapters/kafka-event.js';
import { type Command, type Io, parseFlags, UsageError } from './command.js';

const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * `conflux new transform NAME [--dir transforms] [--ts] [--force]`: scaffolds a Function Compute
 * style handler in the user's project — the handler, a sample event, a vitest test that runs it
 * through conflux's own FUNCTION runtime — and prints the line that adds it to conflux.yaml.
 */
export const command: Command = {
  name: 'new',
  summary: 'scaffold a custom transform handler (`new transform NAME`)',
  usage: 'conflux new transform NAME [--dir transforms] [--ts] [--force]',
  async run(args, io) {
    const { values, positionals } = parseFlags(args, {
      dir: { type: 'string' },
      ts: { type: 'boolean' },
      force: { type: 'boolean' },
    });
    const [kind, name, ...extra] = positionals;
    if (kind !== 'transform')
      throw new UsageError(kind === undefined ? 'what to create? (transform)' : `cannot create '${kind}'`);
    if (name === undefined || extra.length > 0) throw new UsageError('give one NAME');
    if (!NAME.test(name)) throw new UsageError(`NAME must be lower-case letters, digits and dashes (got '${name}')`);
    return scaffold(name, values.dir ?? 'transforms', values.ts ?? false, values.force ?? false, io);
  },
};

function scaffold(name: string, parent: string, typescript: boolean, force: boolean, io: Io): number {
  const dir = resolve(io.cwd, parent, name);
  const handlerFile = typescript ? 'handler.ts' : 'handler.mjs';
  const files: Record<string, string> = {
    [handlerFile]: typescript ? handlerTs(name) : handlerJs(name),
    'event.json': `${JSON.stringify(sampleEvent(), null, 2)}\n`,
    'handler.test.mjs': testFile(name, handlerFile),
  };
  const existing = Object.keys(files).filter((file) => existsSync(join(dir, file)));
  if (existing.length > 0 && !force) {
    io.stderr.write(
      `conflux new: ${relative(io.cwd, dir)} already has ${existing.join(', ')} (use --force to overwrite)\n`,
    );
    return 1;
  }
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  const rel = relative(io.cwd, dir).split('\\').join('/');
  io.stdout.write(
    [
      `created ${rel}/${handlerFile}, ${rel}/event.json, ${rel}/handler.test.mjs`,
      '',
      'add it to a task in conflux.yaml:',
      `    transform: { form: FUNCTION, handler: "${rel}/${handlerFile}#handler", timeoutMs: 3000 }`,
      '',
      'then:',
      `    npx vitest run ${rel}                      # test it locally, through conflux's FUNCTION runtime`,
      `    npx conflux transform run --spec '{"form":"FUNCTION","handler":"${rel}/${handlerFile}#handler"}' --event ${rel}/event.json`,
      '    npx conflux run conflux.yaml               # run it in the emulator',
      '    npx conflux build                          # bundles to deploy (dist/functions/transformer-function)',
      '',
    ].join('\n'),
  );
  return 0;
}

/** A sample event exactly as a Kafka source emits it (Alibaba's alikafka CloudEvent). */
function sampleEvent(): unknown {
  return kafkaRecordToEvent({
    topic: 'orders',
    partition: 0,
    offset: 42,
    timestamp: Date.UTC(2026, 0, 1),
    key: Buffer.from('ORD-1'),
    value: Buffer.from(JSON.stringify({ orderId: 'ORD-1', status: 'paid', total: 99.5, customer: { tier: 'gold' } })),
    headers: { source: 'sample' },
  });
}

const CONTRACT = ` * conflux FUNCTION transform, Function Compute style:
 *   event   — a Buffer holding a JSON array of CloudEvents (a batch);
 *   context — { requestId, function: { name, handler, memory, timeout }, logger };
 * return a string (one output), an array (one output per element) or [] (no output).
 * A throw, a timeout (timeoutMs) or running out of memory fails the batch's events.
 * (event, context, callback) callback-style handlers work too.`;

function handlerJs(name: string): string {
  return `/**
 * ${name}: reshapes each order event into the payload the sink should receive.
 *
${CONTRACT}
 */
export async function handler(event, context) {
  const events = JSON.parse(event.toString('utf8'));
  context.logger.info(\`${name}: \${events.length} event(s)\`);
  return events.map((e) =>
    JSON.stringify({ id: e.id, topic: e.data?.topic, key: e.data?.key, status: e.data?.value?.status ?? 'unknown' }),
  );
}
`;
}

function handlerTs(name: string): string {
  return `/**
 * ${name}: reshapes each order event into the payload the sink should receive.
 *
${CONTRACT}
 */
interface KafkaEvent {
  id: string;
  data?: { topic?: string; key?: string | null; value?: { status?: string } };
}

interface Context {
  requestId: string;
  logger: { info(...args: unknown[]): void };
}

export async function handler(event: Buffer, context: Context): Promise<string[]> {
  const events = JSON.parse(event.toString('utf8')) as KafkaEvent[];
  context.logger.info(\`${name}: \${events.length} event(s)\`);
  return events.map((e) =>
    JSON.stringify({ id: e.id, topic: e.data?.topic, key: e.data?.key, status: e.data?.value?.status ?? 'unknown' }),
  );
}
`;
}

function testFile(name: string, handlerFile: string): string {
  return `// Runs ${handlerFile} through conflux's own FUNCTION runtime (a worker thread, a Buffer of the
// JSON array of events, FC's context, the time limit), exactly as the emulator and the deployed
// transformer will: \`conflux transform run --json\`.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const conflux =
  process.env.CONFLUX_BIN ?? join(dirname(createRequire(import.meta.url).resolve('conflux/package.json')), 'bin', 'conflux.mjs');

function transform(event) {
  const spec = { form: 'FUNCTION', handler: \`\${join(here, '${handlerFile}')}#handler\`, timeoutMs: 3000 };
  const args = [conflux, 'transform', 'run', '--spec', JSON.stringify(spec), '--event', JSON.stringify(event), '--json'];
  try {
    return JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  } catch (error) {
    if (error.stdout) return JSON.parse(error.stdout);
    throw error;
  }
}

const sample = JSON.parse(readFileSync(join(here, 'event.json'), 'utf8'));

describe('${name}', () => {
  it('turns the sample event into one payload', () => {
    const { result, outputs } = transform(sample);
    expect(result).toBe('ok');
    expect(outputs.map((o) => JSON.parse(o))).toEqual([
      { id: sample.id, topic: 'orders', key: 'ORD-1', status: 'paid' },
    ]);
  });

  it('gives one payload per event of a batch', () => {
    const { outputs } = transform([sample, { ...sample, id: 'second', data: { ...sample.data, value: {} } }]);
    expect(outputs.map((o) => JSON.parse(o).status)).toEqual(['paid', 'unknown']);
  });
});
`;
}
