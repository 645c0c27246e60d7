import { resolve } from 'node:path';
import { openEmbeddedLog } from '../../bus/log/embedded/embedded.js';
import { openConsumer } from '../../bus/log/index.js';
import { kafkaClient } from '../../bus/log/kafka/kafka-client.js';
import type { Consumer, EventLog, StoredRecord } from '../../bus/log/types.js';
import { type Command, type Io, parseFlags, UsageError } from './command.js';

const USAGE =
  'conflux consume --topic T [--group G] [--from-beginning] [--max N] [--follow] [--brokers B] [--data-dir DIR]';

/** A record as one output line: `{"topic","partition","offset","timestamp","key","value","headers"}`. */
export function recordLine(record: StoredRecord): string {
  const text = record.value.toString('utf8');
  let value: unknown = text;
  try {
    value = JSON.parse(text);
  } catch {
    // not JSON: printed as text
  }
  const key = record.key === null ? null : record.key.toString('utf8');
  const { topic, partition, offset, timestamp, headers } = record;
  return JSON.stringify({ topic, partition, offset, timestamp, key, value, headers });
}

interface Source {
  consumer: Consumer;
  /** Partitions with records to read as the command starts: partition → end offset then (not for --follow). */
  ends: () => Promise<Map<number, number>>;
  close(): Promise<void>;
}

async function openSource(
  flags: { topic: string; group: string; offset: 'earliest' | 'latest'; brokers?: string; dataDir?: string },
  io: Io,
): Promise<Source> {
  const { topic, group, offset } = flags;
  if (flags.brokers !== undefined) {
    const brokers = flags.brokers.split(',').filter(Boolean);
    const consumer = await openConsumer({ topic, group, offset, brokers });
    const ends = async () => {
      const admin = kafkaClient(brokers).admin();
      await admin.connect();
      try {
        const offsets = await admin.fetchTopicOffsets(topic);
        const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
        const out = new Map<number, number>();
        for (const p of offsets) {
          const done = Number(committed?.partitions.find((c) => c.partition === p.partition)?.offset ?? -1);
          const start = done >= 0 ? done : offset === 'earliest' ? Number(p.low) : Number(p.high);
          if (start < Number(p.high)) out.set(p.partition, Number(p.high));
        }
        return out;
      } finally {
        await admin.disconnect();
      }
    };
    return { consumer, ends, close: async () => undefined };
  }
  const log: EventLog = await openEmbeddedLog(resolve(io.cwd, flags.dataDir ?? '.conflux'));
  const consumer = await openConsumer({ topic, group, offset, log });
  const ends = async () => {
    const count = await log.partitions(topic);
    const committed = await log.committed(group, topic);
    const out = new Map<number, number>();
    for (let p = 0; p < count; p++) {
      const end = await log.endOffset(topic, p);
      if ((committed[p] ?? (offset === 'earliest' ? 0 : end)) < end) out.set(p, end);
    }
    return out;
  };
  return { consumer, ends, close: () => log.close() };
}

/**
 * `conflux consume`: prints a topic's records as JSON lines (the value parsed when it is JSON). Where it
 * starts: the group's committed offset; for a group that never committed, the beginning with
 * `--from-beginning`, else the end. Without `--group` it reads from the beginning and commits nothing.
 * Without `--follow` it stops at the end the topic had when the command started.
 */
export const command: Command = {
  name: 'consume',
  summary:
    'print a topic as JSON lines {topic,partition,offset,timestamp,key,value,headers}.\n' +
    "Starts at --group's commit; a new group at the beginning with --from-beginning, else at the end;\n" +
    'no --group: from the beginning, nothing committed. Stops at the current end unless --follow.',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseFlags(args, {
      topic: { type: 'string' },
      group: { type: 'string' },
      'from-beginning': { type: 'boolean' },
      max: { type: 'string' },
      follow: { type: 'boolean' },
      brokers: { type: 'string' },
      'data-dir': { type: 'string' },
    });
    if (values.topic === undefined) throw new UsageError('--topic is required');
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
    const max = values.max === undefined ? Number.POSITIVE_INFINITY : Number(values.max);
    if (!(Number.isInteger(max) || max === Number.POSITIVE_INFINITY) || max < 1) {
      throw new UsageError('--max must be a whole number ≥ 1');
    }
    const named = values.group !== undefined;
    const source = await openSource(
      {
        topic: values.topic,
        group: values.group ?? `conflux-consume-${process.pid}-${Date.now()}`,
        offset: !named || values['from-beginning'] === true ? 'earliest' : 'latest',
        ...(values.brokers === undefined ? {} : { brokers: values.brokers }),
        ...(values['data-dir'] === undefined ? {} : { dataDir: values['data-dir'] }),
      },
      io,
    );
    const { consumer } = source;
    try {
      return await consumeTo(io, consumer, {
        max,
        commit: named,
        ends: values.follow === true ? null : await source.ends(),
      });
    } finally {
      await consumer.stop();
      await source.close();
    }
  },
};

async function consumeTo(
  io: Io,
  consumer: Consumer,
  options: { max: number; commit: boolean; ends: Map<number, number> | null },
): Promise<number> {
  const { ends } = options;
  let printed = 0;
  const remaining = new Set(ends?.keys());
  if (ends !== null && remaining.size === 0) return 0;
  const stop = () => void consumer.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await consumer.run(async (batch) => {
      const end = ends === null ? Number.POSITIVE_INFINITY : (ends.get(batch.partition) ?? 0);
      const take = batch.records.filter((r) => r.offset < end).slice(0, options.max - printed);
      if (take.length > 0) {
        io.stdout.write(`${take.map(recordLine).join('\n')}\n`);
        printed += take.length;
        if (options.commit) await consumer.commit(batch.topic, batch.partition, take[take.length - 1]!.offset + 1);
      }
      const last = batch.records[batch.records.length - 1]!;
      if (last.offset + 1 >= end) remaining.delete(batch.partition);
      if (printed >= options.max || (ends !== null && remaining.size === 0)) stop();
    });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  return 0;
}
