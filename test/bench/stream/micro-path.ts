/**
 * Micro-bench of the pipeline bench's per-record path without a broker: kafkajs message →
 * fromKafkaMessage → decode → depth → filter → TEMPLATE → sink record → producer message. Prints the
 * CPU time per event (process.cpuUsage) of each repetition. Run: npx tsx test/bench/stream/micro-path.ts [reps] [count]
 */
import type { KafkaMessage } from 'kafkajs';
import { fromKafkaMessage } from '../../../bus/log/kafka/kafka-consumer.js';
import { producerMessages } from '../../../bus/log/kafka/kafka-producer.js';
import { compileFilter } from '../../../bus/task/filter.js';
import { prepareChunk } from '../../../bus/task/prepare.js';
import { decodeKafkaRecord } from '../../../functions/adapters/kafka-event.js';
import { encodeKafkaRecords } from '../../../functions/shared/kafka/writer.js';
import { compileTransform, pipelineTransform } from '../../../functions/transformers/compile.js';
import { loadWorkload } from './measure.js';

const reps = Number(process.argv[2] ?? 5);
const count = Number(process.argv[3] ?? 200_000);
const topic = 'bench-in';
const filter = compileFilter({ data: { topic: [topic] } }, 'aws');
const transform = compileTransform(
  {
    form: 'TEMPLATE',
    value: { id: '$.data.key', partition: '$.data.partition' },
    template: '{"id":"${id}","p":${partition}}',
  },
  { baseDir: process.cwd(), dialect: 'aws' },
);
const decodeOptions = { withText: transform.takesText, rawValueText: false };
const parts = {
  decode: (r: Parameters<typeof decodeKafkaRecord>[0]) => decodeKafkaRecord(r, decodeOptions),
  filter,
  ...pipelineTransform(transform),
};
const workload = loadWorkload(process.env.WORKLOAD_DIR ?? '/tmp/conflux-bench-workload', 1000);
const fetched: KafkaMessage[] = workload.map((w, i) => ({
  key: Buffer.from(w.key),
  value: Buffer.from(w.value),
  timestamp: String(1_700_000_000_000 + i),
  attributes: 0,
  offset: String(i),
  headers: {},
}));
const context = {
  parts,
  plan: {} as never,
  counters: { eventsIn: 0, eventsFiltered: 0 } as never,
};

async function once(): Promise<number> {
  const start = process.cpuUsage();
  let produced = 0;
  for (let done = 0; done < count; done += fetched.length) {
    const records = fetched.map((m) => fromKafkaMessage(topic, 0, m));
    const total = { deadLettered: 0, dropped: 0 } as never;
    const messages = await prepareChunk(context, topic, records, total);
    const sinkRecords = await encodeKafkaRecords(messages, {}, 'sink', 'sink.kafka.field');
    produced += producerMessages(sinkRecords).length;
  }
  const used = process.cpuUsage(start);
  if (produced !== count) throw new Error(`produced ${produced}`);
  return (used.user + used.system) / count;
}

for (let i = 0; i < reps; i++) console.log(`rep ${i}: ${(await once()).toFixed(3)} µs CPU/event`);
