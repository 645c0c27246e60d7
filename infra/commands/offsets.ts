import { resolve } from 'node:path';
import { openEmbeddedLog } from '../../bus/log/embedded/embedded.js';
import {
  type MovedOffset,
  type OffsetTarget,
  type PartitionOffsets,
  type ResetTo,
  resetOffsets,
  showOffsets,
} from '../../bus/log/offsets-reset.js';
import { type Command, type Io, parseFlags, UsageError } from './command.js';

const USAGE =
  'conflux offsets show --group G --topic T [--json] [--brokers B] [--data-dir DIR]\n' +
  '       conflux offsets reset --group G --topic T (--to-earliest | --to-latest | --to-offset N [--partition P] |\n' +
  '                             --to-time ISO8601) [--json] [--brokers B] [--data-dir DIR]';

const FLAGS = {
  group: { type: 'string' },
  topic: { type: 'string' },
  brokers: { type: 'string' },
  'data-dir': { type: 'string', default: '.conflux' },
  json: { type: 'boolean', default: false },
  'to-earliest': { type: 'boolean', default: false },
  'to-latest': { type: 'boolean', default: false },
  'to-offset': { type: 'string' },
  partition: { type: 'string' },
  'to-time': { type: 'string' },
} as const;

type Values = ReturnType<typeof parseFlags<typeof FLAGS>>['values'];

function wholeNumber(flag: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`--${flag} must be a whole number ≥ 0 (got ${text})`);
  return Number(text);
}

/** The one `--to-*` flag given, as a ResetTo; a UsageError for none, several, or a bad value. */
export function resetToFromFlags(values: Values): ResetTo {
  const given = (['to-earliest', 'to-latest', 'to-offset', 'to-time'] as const).filter(
    (flag) => values[flag] !== undefined && values[flag] !== false,
  );
  if (given.length !== 1) {
    throw new UsageError(
      `say where to with exactly one of --to-earliest, --to-latest, --to-offset, --to-time (got ${given.length})`,
    );
  }
  if (values.partition !== undefined && values['to-offset'] === undefined)
    throw new UsageError('--partition goes with --to-offset');
  if (values['to-earliest']) return { earliest: true };
  if (values['to-latest']) return { latest: true };
  if (values['to-offset'] !== undefined) {
    const offset = wholeNumber('to-offset', values['to-offset']);
    return values.partition === undefined
      ? { offset }
      : { offset, partition: wholeNumber('partition', values.partition) };
  }
  const text = values['to-time']!;
  const timestamp = Date.parse(text);
  if (!/^\d{4}-\d\d-\d\d/.test(text) || Number.isNaN(timestamp))
    throw new UsageError(`--to-time must be an ISO 8601 time such as 2026-11-30T12:00:00Z (got ${text})`);
  return { timestamp };
}

function table(header: string[], rows: (string | number)[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: (string | number)[]) =>
    cells
      .map((c, i) => String(c).padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return `${[header, ...rows].map(line).join('\n')}\n`;
}

function printShown(rows: PartitionOffsets[], json: boolean, io: Io): void {
  if (json) {
    for (const row of rows) io.stdout.write(`${JSON.stringify(row)}\n`);
    return;
  }
  const cells = rows.map((r) => [r.partition, r.committed ?? '-', r.low, r.end, r.lag]);
  io.stdout.write(table(['PARTITION', 'COMMITTED', 'LOW', 'END', 'LAG'], cells));
  io.stdout.write(`total lag ${rows.reduce((sum, r) => sum + r.lag, 0)}\n`);
}

function printMoved(rows: MovedOffset[], json: boolean, io: Io): void {
  if (json) {
    for (const row of rows) io.stdout.write(`${JSON.stringify(row)}\n`);
    return;
  }
  io.stdout.write(
    table(
      ['PARTITION', 'FROM', 'TO'],
      rows.map((r) => [r.partition, r.from ?? '-', r.to]),
    ),
  );
}

/**
 * `conflux offsets show|reset`: a consumer group's committed offsets and lag per partition, and moving
 * them (earliest, latest, an offset, or a time) on the embedded bus or, with `--brokers`, on Kafka.
 * A Kafka group must have no running members to be reset; on the embedded bus, stop its tasks first.
 */
export const command: Command = {
  name: 'offsets',
  summary: "show a consumer group's offsets and lag, or reset them to earliest, latest, an offset or a time",
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseFlags(args, FLAGS);
    const [action, ...extra] = positionals;
    if (action !== 'show' && action !== 'reset') throw new UsageError('expected show or reset');
    if (extra.length > 0) throw new UsageError(`unexpected ${extra.join(' ')}`);
    if (values.group === undefined || values.topic === undefined)
      throw new UsageError('--group and --topic are needed');
    const request = { group: values.group, topic: values.topic };
    const to = action === 'reset' ? resetToFromFlags(values) : undefined;
    if (to === undefined && (values.partition !== undefined || values['to-offset'] !== undefined))
      throw new UsageError('--to-* and --partition go with reset');
    let target: OffsetTarget;
    let close: () => Promise<void> = async () => undefined;
    if (values.brokers !== undefined) {
      target = { brokers: values.brokers.split(',').filter(Boolean) };
    } else {
      const log = await openEmbeddedLog(resolve(io.cwd, values['data-dir']));
      target = { log };
      close = () => log.close();
    }
    try {
      if (to === undefined) printShown(await showOffsets(request, target), values.json, io);
      else printMoved(await resetOffsets({ ...request, to }, target), values.json, io);
    } finally {
      await close();
    }
    return 0;
  },
};
