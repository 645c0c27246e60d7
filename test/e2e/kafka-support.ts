/**
 * What the Kafka e2e tests share: orders produced straight through kafkajs, a conflux.yaml reading
 * them, the file sink's lines read back, and the `conflux run` processes to kill after each test.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterEach } from 'vitest';
import type { KafkaUnderTest } from '../helpers/kafka-under-test.js';
import { type CliProcess, spawnCli } from '../helpers/process.js';
import { type OrderBreak, orderBreaks, producedByKey } from './key-order.js';

/** One order as produced: `id` is the record key; `seq` numbers it across the whole test. */
export interface Order {
  id: string;
  seq: number;
}

/** One line of the file sink under the ORIGINAL transform: the alikafka CloudEvent of an order. */
export interface DeliveredOrder {
  data: { partition: number; offset: number; key: string; value: Order };
}

/** Orders `from`..`from + count - 1`, keyed over `keys` ids. */
export function orders(from: number, count: number, keys = 50): Order[] {
  return Array.from({ length: count }, (_, i) => ({ id: `k${(from + i) % keys}`, seq: from + i }));
}

/** Produces orders to `topic` in sends of `perSend`, keyed by id (kafkajs' default partitioner, as conflux's). */
export async function produceOrders(brokers: string[], topic: string, list: Order[], perSend = 200): Promise<void> {
  // retries enough to ride out a killed partition leader (failover tests), ~30 s at most
  const retry = { retries: 20, initialRetryTime: 100, maxRetryTime: 2000 };
  const producer = new Kafka({ clientId: 'e2e-feeder', brokers, logLevel: logLevel.NOTHING, retry }).producer();
  await producer.connect();
  try {
    for (let i = 0; i < list.length; i += perSend) {
      const messages = list.slice(i, i + perSend).map((o) => ({ key: o.id, value: JSON.stringify(o) }));
      await producer.send({ topic, messages });
    }
  } finally {
    await producer.disconnect();
  }
}

/** A temp folder with a conflux.yaml: one task from Kafka `topic` (as `group`, from `offset`) to `out.jsonl`. */
export async function streamDir(
  brokers: string[],
  topic: string,
  group: string,
  offset: 'earliest' | 'latest' = 'earliest',
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'conflux-kafka-e2e-'));
  await writeFile(
    join(dir, 'conflux.yaml'),
    `version: 1
tasks:
  - name: kafka-to-file
    source: { type: kafka, topic: ${topic}, brokers: ${JSON.stringify(brokers)}, consumerGroup: ${group}, offset: ${offset} }
    sink: { type: file, path: out.jsonl }
`,
  );
  return dir;
}

/** The file sink's whole lines in `dir` (none before the first write; a line still being written is left out). */
export async function delivered(dir: string): Promise<DeliveredOrder[]> {
  const text = await readFile(join(dir, 'out.jsonl'), 'utf8').catch(() => '');
  return text
    .slice(0, text.lastIndexOf('\n') + 1)
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as DeliveredOrder);
}

/** The distinct order numbers delivered into any of `dirs`. */
export async function deliveredSeqs(...dirs: string[]): Promise<Set<number>> {
  const seqs = new Set<number>();
  for (const dir of dirs) for (const line of await delivered(dir)) seqs.add(line.data.value.seq);
  return seqs;
}

/** An order as a Kafka sink wrote it: its partition and offset there, its key, its number. */
export interface Output {
  partition: number;
  offset?: number;
  key: string;
  seq: number;
}

/**
 * Every order in `topic` (written by a sink under a JSONPATH `$.data.value` transform), read
 * `read_committed`: a sentinel appended to each partition after the stream stopped marks its end,
 * so every committed record before it has been read, duplicates included.
 */
export async function readToEnd(brokers: string[], topic: string, partitions: number): Promise<Output[]> {
  const kafka = new Kafka({ clientId: 'eos-reader', brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic,
    messages: Array.from({ length: partitions }, (_, partition) => ({ partition, value: 'END' })),
  });
  await producer.disconnect();
  const consumer = kafka.consumer({ groupId: `${topic}-reader`, maxWaitTimeInMs: 100, readUncommitted: false });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const got: Output[] = [];
  const ended = new Set<number>();
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ended ${ended.size} of ${partitions} partitions`)), 60_000);
    void consumer.run({
      eachMessage: async ({ partition, message }) => {
        const value = String(message.value);
        if (value === 'END') ended.add(partition);
        else {
          const seq = (JSON.parse(value) as { seq: number }).seq;
          got.push({ partition, offset: Number(message.offset), key: String(message.key), seq });
        }
        if (ended.size === partitions) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await consumer.disconnect();
  return got;
}

/**
 * Lost, duplicated and out-of-order orders among `got` (orders 0..`total` - 1 as `orders` makes them,
 * in the order read, partition by partition): order breaks as key-order.ts defines them, listed in `breaks`.
 */
export function tally(
  got: Output[],
  total: number,
): { lost: number; duplicates: number; orderBreaks: number; breaks: OrderBreak[] } {
  const seen = new Set(got.map((o) => o.seq));
  const breaks = orderBreaks(got, producedByKey(orders(0, total).map((o) => ({ key: o.id, seq: o.seq }))));
  const lost = Array.from({ length: total }, (_, seq) => seq).filter((seq) => !seen.has(seq)).length;
  return { lost, duplicates: got.length - seen.size, orderBreaks: breaks.length, breaks };
}

/** `conflux run` processes started by a test; `killAll` in afterEach ends whatever is left. */
export class Runs {
  private readonly running = new Set<CliProcess>();

  /** Starts `conflux run conflux.yaml` in `dir` on a free port. */
  start(dir: string): CliProcess {
    const run = spawnCli(['run', 'conflux.yaml', '--port', '0'], { cwd: dir });
    this.running.add(run);
    void run.exited.then(() => this.running.delete(run));
    return run;
  }

  /** SIGINT (a clean stop) and waits; SIGKILL after 15 s. Resolves with the exit code. */
  async stop(run: CliProcess): Promise<number | null> {
    run.child.kill('SIGINT');
    const timer = setTimeout(() => run.child.kill('SIGKILL'), 15_000);
    const code = await run.exited;
    clearTimeout(timer);
    return code;
  }

  /** SIGKILL to every process still running. */
  async killAll(): Promise<void> {
    const left = [...this.running];
    for (const run of left) run.child.kill('SIGKILL');
    await Promise.all(left.map((run) => run.exited));
  }
}

/**
 * For a `describeKafka` body: the cluster's brokers and the `conflux run` processes its tests start,
 * killed after each test.
 */
export function kafkaSuite(kafka: KafkaUnderTest): { brokers: () => string[]; runs: Runs } {
  const runs = new Runs();
  afterEach(() => runs.killAll());
  return { runs, brokers: () => kafka.brokers() };
}
