import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedLog, openProducer } from '../../../bus/log/index.js';
import type { EventLog } from '../../../bus/log/types.js';
import type { SinkMessage, TaskParts } from '../../../bus/task/contract.js';
import { Task } from '../../../bus/task/task.js';
import { validateTask } from '../../../infra/config/index.js';
import { wireTask } from '../../../infra/wire/task.js';
import { instrument } from './instrument.js';
import { latency, rssSampler, until, type WorkloadRecord } from './measure.js';

async function prefill(log: EventLog, topic: string, records: WorkloadRecord[]): Promise<void> {
  const producer = await openProducer({ log });
  for (let i = 0; i < records.length; i += 1000) {
    await producer.send(
      topic,
      records.slice(i, i + 1000).map((r) => ({ key: r.key, value: r.line })),
    );
  }
  await producer.close();
}

/** What a task does between the bus and the file: its filter and, optionally, its transform. */
interface Route {
  name: string;
  filter: object;
  transform?: object;
}

const ON_SOURCE: Route = { name: 'filter→file', filter: { source: ['acs:alikafka'] } };

async function embeddedTask(log: EventLog, dir: string, topic: string, route = ON_SOURCE): Promise<TaskParts> {
  const result = validateTask({
    name: 'bench-embedded',
    source: { type: 'kafka', topic, offset: 'earliest' },
    filter: route.filter,
    ...(route.transform === undefined ? {} : { transform: route.transform }),
    sink: { type: 'file', path: join(dir, 'out.jsonl') },
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return wireTask(result.value, { log, dialect: 'aws', baseDir: dir });
}

/**
 * Embedded bus → filter → durable file sink (fdatasync per write), over a backlog of `records`:
 * a filter on the envelope with the whole event as the payload; a filter inside the record's value
 * (which parses it); the record's value alone as the payload (JSONPATH `$.data.value`, which the
 * runtime hands on as the record's text); then the bus read back.
 */
export async function benchEmbedded(records: WorkloadRecord[]) {
  const whole = await timeEmbedded(records, ON_SOURCE);
  const inside = await timeEmbedded(records, {
    name: 'filter on data.value→file',
    filter: { data: { value: { source: ['acs:alikafka'] } } },
  });
  const value = await timeEmbedded(records, {
    ...ON_SOURCE,
    name: 'filter→JSONPATH $.data.value→file',
    transform: { form: 'JSONPATH', value: '$.data.value' },
  });
  return [whole.line, inside.line, value.line, whole.read];
}

async function timeEmbedded(records: WorkloadRecord[], route: Route) {
  const dir = await mkdtemp(join(tmpdir(), 'conflux-bench-'));
  const log = await openEmbeddedLog(join(dir, 'bus'));
  await prefill(log, 'bench', records);
  const { parts, probe } = instrument(await embeddedTask(log, dir, 'bench', route));
  const rss = rssSampler();
  const task = new Task(parts);
  await task.start();
  await until(() => probe.acked >= records.length || task.status().state !== 'running', `${records.length} delivered`);
  const memory = rss.stop();
  await task.stop();
  const seconds = (probe.last! - probe.first!) / 1000;
  const line = {
    bench: 'embedded',
    peer: `conflux@0.1.0 task embedded bus→${route.name} (fdatasync per write) concurrency=1`,
    messages: probe.acked,
    bytes: probe.bytes,
    eventsPerSec: Math.round(probe.acked / seconds),
    ...latency(probe.samples),
    ...memory,
    latencyOf: 'batch handed over → file sink fdatasync done (the topic is a backlog)',
    seconds: Math.round(seconds * 1000) / 1000,
  };
  const read = await benchRead(log, 'bench', records.length);
  await log.close();
  await rm(dir, { recursive: true, force: true });
  return { line, read };
}

/** The embedded bus read back sequentially, every partition from offset 0 (compare with `append-read`). */
async function benchRead(log: EventLog, topic: string, count: number) {
  const started = performance.now();
  let seen = 0;
  let bytes = 0;
  for (let partition = 0; partition < (await log.partitions(topic)); partition++) {
    for (let offset = 0; ; ) {
      const records = await log.read(topic, partition, offset, 1000);
      if (records.length === 0) break;
      for (const record of records) bytes += record.value.length;
      seen += records.length;
      offset = records.at(-1)!.offset + 1;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  if (seen !== count) throw new Error(`read ${seen} of ${count} records back`);
  return {
    bench: 'embedded-read',
    peer: 'conflux@0.1.0 EventLog.read 1000 a call',
    messages: seen,
    bytes,
    eventsPerSec: Math.round(seen / seconds),
    p50Ms: null,
    p99Ms: null,
    peakRssMB: null,
    latencyOf: '—',
  };
}

/** Peak memory while a slow sink (about 1 ms a message) holds back a backlog of `records`. */
export async function benchSlowSink(records: WorkloadRecord[], seconds: number) {
  const dir = await mkdtemp(join(tmpdir(), 'conflux-bench-'));
  const log = await openEmbeddedLog(join(dir, 'bus'));
  await prefill(log, 'slow', records);
  const parts = await embeddedTask(log, dir, 'slow');
  let delivered = 0;
  const slow = {
    async write(messages: SinkMessage[]) {
      for (let i = 0; i < messages.length; i++) await new Promise((resolve) => setTimeout(resolve, 1));
      delivered += messages.length;
    },
    close: async () => {},
  };
  const rss = rssSampler();
  await parts.sink.close();
  const task = new Task({ ...parts, sink: slow });
  await task.start();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const memory = rss.stop();
  await task.stop();
  await log.close();
  await rm(dir, { recursive: true, force: true });
  return {
    bench: 'slow-sink',
    peer: `conflux@0.1.0 backlog ${records.length}`,
    messages: delivered,
    bytes: null,
    eventsPerSec: Math.round(delivered / seconds),
    p50Ms: null,
    p99Ms: null,
    ...memory,
    growthMB: Math.round((memory.peakRssMB - memory.baseRssMB) * 10) / 10,
    latencyOf: '—',
    backlog: records.length - delivered,
  };
}

export { latency };
