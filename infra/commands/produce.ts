import { resolve } from 'node:path';
import { openEmbeddedLog } from '../../bus/log/embedded/embedded.js';
import { openProducer } from '../../bus/log/index.js';
import type { ProducedRecord, Producer } from '../../bus/log/types.js';
import { type Command, type Io, parseFlags, readInput, UsageError } from './command.js';

const USAGE = 'conflux produce --topic T [--key JSONPATH] [--brokers B] [--data-dir DIR] [--partitions N] [FILE|-]';

/**
 * Segments of a simple JSONPath: `$`, then `.name`, `[0]` or `['name']` steps.
 * @example parseKeyPath('$.a.b[0]') // ['a', 'b', 0]
 */
export function parseKeyPath(text: string): (string | number)[] {
  if (!text.startsWith('$')) throw new UsageError(`--key ${text}: a JSONPath starts with $ (e.g. $.id)`);
  const segments: (string | number)[] = [];
  const step = /^(?:\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\])/;
  let rest = text.slice(1);
  while (rest !== '') {
    const m = step.exec(rest);
    if (m === null) throw new UsageError(`--key ${text}: cannot read '${rest}' (use .name, [0] or ['name'] steps)`);
    if (m[1] !== undefined) segments.push(m[1]);
    else if (m[2] !== undefined) segments.push(Number(m[2]));
    else segments.push((m[3] ?? m[4] ?? '').replace(/\\(.)/g, '$1'));
    rest = rest.slice(m[0].length);
  }
  return segments;
}

/** The key text at `path` in `value`: strings as they are, anything else as compact JSON; undefined when absent. */
export function keyAt(value: unknown, path: readonly (string | number)[]): string | undefined {
  let here: unknown = value;
  for (const segment of path) {
    if (typeof here !== 'object' || here === null) return undefined;
    if (typeof segment === 'number' ? !Array.isArray(here) : Array.isArray(here)) return undefined;
    here = (here as Record<string | number, unknown>)[segment];
  }
  if (here === undefined || here === null) return undefined;
  return typeof here === 'string' ? here : JSON.stringify(here);
}

/** Each non-blank line as a record; the first bad line is a UsageError naming its number. */
function toRecords(text: string, keyFlag: string | undefined): ProducedRecord[] {
  const path = keyFlag === undefined ? null : parseKeyPath(keyFlag);
  const records: ProducedRecord[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new UsageError(`line ${i + 1}: not valid JSON (${error instanceof Error ? error.message : error})`);
    }
    if (path === null) {
      records.push({ value: line });
      return;
    }
    const key = keyAt(value, path);
    if (key === undefined) throw new UsageError(`line ${i + 1}: no key at ${keyFlag} (the value has none, or null)`);
    records.push({ key, value: line });
  });
  return records;
}

async function openTarget(
  values: { topic: string; brokers?: string; 'data-dir'?: string; partitions?: string },
  io: Io,
): Promise<Producer> {
  if (values.brokers !== undefined) {
    if (values.partitions !== undefined) throw new UsageError('--partitions applies to the embedded bus only');
    return openProducer({ brokers: values.brokers.split(',').filter(Boolean) });
  }
  const log = await openEmbeddedLog(resolve(io.cwd, values['data-dir'] ?? '.conflux'));
  if (values.partitions !== undefined) {
    const wanted = Number(values.partitions);
    if (!Number.isInteger(wanted) || wanted < 1) throw new UsageError('--partitions must be a whole number ≥ 1');
    const actual = await log.createTopic(values.topic, wanted);
    if (actual !== wanted) {
      io.stderr.write(
        `conflux produce: topic ${values.topic} already has ${actual} partitions; --partitions ignored\n`,
      );
    }
  }
  const producer = await openProducer({ log });
  return { send: producer.send, close: () => log.close() };
}

/**
 * `conflux produce`: appends JSON lines to a topic. All or nothing: every line is checked first (valid
 * JSON, and the key present when `--key` is given), so a bad line appends nothing and exits 2 naming
 * its line number. Blank lines are skipped. The value stored is the line as written.
 */
export const command: Command = {
  name: 'produce',
  summary:
    'append JSON lines to a topic (embedded bus in .conflux/, or Kafka with --brokers), keyed at --key.\n' +
    'All or nothing: a line that is not JSON, or has no key at --key (or null), appends nothing and exits 2.',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseFlags(args, {
      topic: { type: 'string' },
      key: { type: 'string' },
      brokers: { type: 'string' },
      'data-dir': { type: 'string' },
      partitions: { type: 'string' },
    });
    if (values.topic === undefined) throw new UsageError('--topic is required');
    if (positionals.length > 1) throw new UsageError(`one input file at most, got ${positionals.join(' ')}`);
    const records = toRecords(await readInput(positionals[0] ?? '-', io), values.key);
    const producer = await openTarget({ ...values, topic: values.topic }, io);
    try {
      const chunk = values.brokers === undefined ? 1000 : 500;
      for (let i = 0; i < records.length; i += chunk) await producer.send(values.topic, records.slice(i, i + chunk));
    } finally {
      await producer.close();
    }
    io.stderr.write(`produced ${records.length} records to ${values.topic}\n`);
    return 0;
  },
};
