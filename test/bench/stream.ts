import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { startKafkaCluster } from '../../infra/kafka/cluster.js';
import { startKafkaMock } from '../helpers/kafka-mock.js';
import { benchEmbedded, benchSlowSink } from './stream/embedded.js';
import { runKafkaBenches } from './stream/kafka-run.js';
import { loadWorkload } from './stream/measure.js';
import { RunSummary } from './stream/summary.js';

const KAFKA_BENCHES = ['reference', 'pipeline', 'exactly-once', 'kafka-file'];

/**
 * `npm run bench -- stream [--workload DIR] [--benches pipeline,embedded,slow-sink] [--messages 30000]
 * [--embedded-messages 100000] [--rate 2000] [--live-messages 10000] [--kafka mock|real] [--brokers B]
 * [--partitions 4] [--delivery at-least-once|exactly-once] [--runs 1]`: one JSON line per measurement, in the shape of
 * ../shared/bench/stream/README.md; run `stream-reference.mjs --benches pipeline,append` beside it.
 * `--kafka real` runs the Kafka lines on Apache Kafka: the broker at `--brokers`, or one started for the
 * bench, every topic made with `--partitions`. There, more benches: `reference` runs stream-reference.mjs's
 * pipeline on the same broker first (the pipeline lines then carry their ratio to it), `exactly-once` the
 * pipeline with a transaction per batch (its ratio to the at-least-once line), and `kafka-file` Kafka → file
 * against Kafka Connect's FileStreamSinkConnector on one prefilled topic. `--runs N` repeats the Kafka lines
 * N times on the same cluster (each line tagged with its `run` and the 1-minute load) and ends with one
 * `kafka-summary` line: each ratio of every run, and their median.
 */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      workload: { type: 'string', default: '/tmp/workload' },
      benches: { type: 'string', default: 'pipeline,embedded,slow-sink' },
      messages: { type: 'string', default: '30000' },
      'embedded-messages': { type: 'string', default: '100000' },
      rate: { type: 'string', default: '2000' },
      'live-messages': { type: 'string', default: '10000' },
      kafka: { type: 'string', default: 'mock' },
      brokers: { type: 'string' },
      delivery: { type: 'string', default: 'at-least-once' },
      partitions: { type: 'string', default: '4' },
      runs: { type: 'string', default: '1' },
    },
  });
  const benches = values.benches.split(',');
  const delivery = values.delivery;
  if (delivery !== 'at-least-once' && delivery !== 'exactly-once') {
    throw new Error(`--delivery: expected at-least-once or exactly-once, got ${delivery}`);
  }
  const messages = Number(values.messages);
  const embeddedMessages = Number(values['embedded-messages']);
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: expected a positive integer, got ${values.runs}`);
  // only the records some bench of this run sends: the bench process's heap is the measured task's heap too
  const needed = [messages, Number(values['live-messages'])];
  if (benches.includes('embedded')) needed.push(embeddedMessages);
  if (benches.includes('slow-sink')) needed.push(100_000);
  const records = loadWorkload(values.workload, Math.max(...needed));
  const emit = (line: object) => console.log(JSON.stringify(line));
  const partitions = Number(values.partitions);
  if (!Number.isInteger(partitions) || partitions < 1)
    throw new Error(`--partitions: expected a positive integer, got ${values.partitions}`);
  if (benches.some((bench) => KAFKA_BENCHES.includes(bench))) {
    const kafka = await startKafka(values.kafka, values.brokers);
    try {
      const options = {
        benches,
        kafka: values.kafka as 'mock' | 'real',
        brokers: kafka.brokers,
        records,
        workload: values.workload,
        messages,
        rate: Number(values.rate),
        liveMessages: Number(values['live-messages']),
        partitions,
        delivery,
      } as const;
      const summary = new RunSummary();
      for (let run = 1; run <= runs; run++) {
        const tag = runs > 1 ? { run, load1: Math.round(loadavg()[0]! * 100) / 100 } : {};
        await runKafkaBenches(options, (line) => {
          summary.note(line);
          emit({ ...line, ...tag });
        });
      }
      if (runs > 1) emit(summary.line(runs));
    } finally {
      await kafka.stop();
    }
  }
  if (benches.includes('embedded'))
    for (const line of await benchEmbedded(records.slice(0, embeddedMessages))) emit(line);
  if (benches.includes('slow-sink')) {
    emit(await benchSlowSink(records.slice(0, 20_000), 4));
    emit(await benchSlowSink(records.slice(0, 100_000), 4));
  }
  return 0;
}

/** The cluster the Kafka lines run on: librdkafka's mock, the given brokers, or a fresh Apache Kafka broker. */
async function startKafka(
  kind: string,
  brokers: string | undefined,
): Promise<{ brokers: string[]; stop(): Promise<void> }> {
  if (kind === 'mock') return startKafkaMock();
  if (kind !== 'real') throw new Error(`--kafka: expected mock or real, got ${kind}`);
  if (brokers !== undefined) return { brokers: brokers.split(','), stop: async () => undefined };
  const cluster = await startKafkaCluster();
  return { brokers: cluster.bootstrap, stop: () => cluster.stop() };
}
