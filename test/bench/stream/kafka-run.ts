import { benchConnectFile, removeOutput } from './connect.js';
import { benchPipeline, createTopics, type Delivery, fill } from './kafka.js';
import { benchConfluxFile, sameLines } from './kafka-file.js';
import type { WorkloadRecord } from './measure.js';
import { type ReferenceLine, runReference } from './reference.js';

/** The Kafka benches of one run, on one cluster. */
export interface KafkaRunOptions {
  /** Of `reference`, `pipeline`, `exactly-once`, `kafka-file`; the others are ignored here. */
  benches: string[];
  kafka: 'mock' | 'real';
  brokers: string[];
  records: WorkloadRecord[];
  workload: string;
  messages: number;
  rate: number;
  liveMessages: number;
  /** Partitions of every topic on Apache Kafka (created with the admin API); the mock makes 4. */
  partitions: number;
  delivery: Delivery;
}

const ratio = (a: number, b: number | undefined) => (b ? Math.round((a / b) * 100) / 100 : undefined);

/**
 * Runs the Kafka lines in order, each on fresh topics: the raw kafkajs reference
 * (`stream-reference.mjs`, Apache Kafka only), conflux's pipeline (backlog and live), the same
 * pipeline exactly-once, and Kafka → file against Kafka Connect. A later line carries its ratio to
 * the earlier one it is measured against, so every comparison comes from the same run.
 */
export async function runKafkaBenches(options: KafkaRunOptions, emit: (line: object) => void): Promise<void> {
  const { benches, brokers, kafka } = options;
  const real = kafka === 'real';
  const partitions = real ? options.partitions : 4;
  const prepare = async (topics: string[]) => {
    if (real) await createTopics(brokers, topics, partitions);
  };
  const tag = { kafka, partitions };

  let reference: ReferenceLine[] = [];
  if (benches.includes('reference')) {
    if (!real) throw new Error('--benches reference: needs --kafka real (stream-reference.mjs starts its own mock)');
    reference = await runReference(brokers, {
      workload: options.workload,
      messages: options.messages,
      rate: options.rate,
      liveMessages: options.liveMessages,
      partitions,
    });
    for (const line of reference) emit({ ...line, ...tag });
  }
  const versusReference = (line: { bench: string; eventsPerSec: number; p99Ms: number | null }) => {
    const raw = reference.find((r) => r.bench === line.bench);
    if (raw === undefined) return {};
    return {
      referenceEventsPerSec: raw.eventsPerSec,
      ratioToReference: ratio(line.eventsPerSec, raw.eventsPerSec),
      referenceP99Ms: raw.p99Ms,
      p99AtMostReference: line.p99Ms !== null && raw.p99Ms !== null ? line.p99Ms <= raw.p99Ms : undefined,
    };
  };

  const pipelines = async (delivery: Delivery) => {
    const topic = `bench${process.pid}t${Date.now() % 1e8}${delivery === 'exactly-once' ? 'eos' : ''}`;
    await prepare([topic, `${topic}-out`, `${topic}-live`, `${topic}-live-out-live`]);
    await fill(brokers, topic, options.records.slice(0, options.messages));
    const backlog = await benchPipeline(brokers, topic, options.messages, undefined, delivery);
    const records = options.records.slice(0, options.liveMessages);
    const live = await benchPipeline(
      brokers,
      `${topic}-live`,
      records.length,
      { records, rate: options.rate },
      delivery,
    );
    return { backlog, live };
  };

  let atLeastOnce: Awaited<ReturnType<typeof pipelines>> | undefined;
  if (benches.includes('pipeline')) {
    const lines = await pipelines(options.delivery);
    for (const line of [lines.backlog, lines.live]) emit({ ...line, ...tag, ...versusReference(line) });
    if (options.delivery === 'at-least-once') atLeastOnce = lines;
  }
  if (benches.includes('exactly-once')) {
    const lines = await pipelines('exactly-once');
    emit({
      ...lines.backlog,
      ...tag,
      atLeastOnceEventsPerSec: atLeastOnce?.backlog.eventsPerSec,
      ratioToAtLeastOnce: ratio(lines.backlog.eventsPerSec, atLeastOnce?.backlog.eventsPerSec),
    });
    emit({ ...lines.live, ...tag, atLeastOnceP99Ms: atLeastOnce?.live.p99Ms });
  }
  if (benches.includes('kafka-file')) {
    if (!real) throw new Error('--benches kafka-file: needs --kafka real (Kafka Connect)');
    const topic = `bench${process.pid}t${Date.now() % 1e8}file`;
    await prepare([topic]);
    await fill(brokers, topic, options.records.slice(0, options.messages));
    const connect = await benchConnectFile(brokers, topic, options.messages);
    emit({ ...connect, ...tag });
    const conflux = await benchConfluxFile(brokers, topic, options.messages);
    emit({
      ...conflux,
      ...tag,
      connectEventsPerSec: connect.eventsPerSec,
      ratioToConnect: ratio(conflux.eventsPerSec, connect.eventsPerSec),
      sameLinesAsConnect: await sameLines(connect.file, conflux.file),
    });
    await removeOutput(connect.file);
    await removeOutput(conflux.file);
  }
}
