/**
 * `npm run bench -- log [--messages 100000] [--dir TMPDIR] [--workload FILE]`: the embedded log's durable
 * append (group commit) and sequential read, printed as JSON lines in the shape of
 * /work/shared/bench/stream/README.md. Compare with `stream-reference.mjs --benches append` run right next to it.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openEmbeddedLog } from '../../bus/log/embedded/embedded.js';
import type { EventLog, ProducedRecord } from '../../bus/log/types.js';

const r3 = (x: number) => Math.round(x * 1000) / 1000;

function percentiles(samples: number[]): { p50Ms: number | null; p99Ms: number | null; maxMs: number | null } {
  const s = Float64Array.from(samples).sort();
  const at = (p: number) =>
    s.length === 0 ? null : r3(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!);
  return { p50Ms: at(50), p99Ms: at(99), maxMs: s.length === 0 ? null : r3(s[s.length - 1]!) };
}

function rss(): { stop(): { peakRssMB: number; baseRssMB: number } } {
  const base = process.memoryUsage.rss() / 2 ** 20;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss() / 2 ** 20);
  }, 25);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage.rss() / 2 ** 20);
      return { peakRssMB: Math.round(peak * 10) / 10, baseRssMB: Math.round(base * 10) / 10 };
    },
  };
}

/** Whole event lines of the shared workload (about 1 KB each), keyed by `data.key`; synthetic when absent. */
function workload(file: string | undefined, n: number): ProducedRecord[] {
  const candidates = [
    file,
    join(tmpdir(), 'conflux-workload/events.jsonl'),
    join(tmpdir(), 'stream-bench-workload/events.jsonl'),
  ];
  const found = candidates.find((f): f is string => f !== undefined && existsSync(f));
  const lines = found ? readFileSync(found, 'utf8').split('\n').filter(Boolean).slice(0, n) : [];
  if (lines.length === 0)
    for (let i = 0; i < Math.min(n, 1000); i++) lines.push(JSON.stringify({ i, pad: 'x'.repeat(990) }));
  return Array.from({ length: n }, (_, i) => {
    const line = lines[i % lines.length]!;
    const key = (JSON.parse(line) as { data?: { key?: unknown } }).data?.key;
    return { key: key === undefined ? String(i % 1000) : String(key), value: Buffer.from(line) };
  });
}

async function appendRun(log: EventLog, topic: string, records: ProducedRecord[], perCall: number, keyed: boolean) {
  const latencies: number[] = [];
  let bytes = 0;
  const t0 = performance.now();
  for (let i = 0; i < records.length; i += perCall) {
    const slice = records.slice(i, i + perCall).map((r) => (keyed ? r : { value: r.value, partition: 0 }));
    for (const r of slice) bytes += r.value.length + (keyed && r.key ? r.key.length : 0);
    const s = performance.now();
    await log.append(topic, slice);
    const d = performance.now() - s;
    for (let j = 0; j < slice.length; j++) latencies.push(d);
  }
  return { secs: (performance.now() - t0) / 1000, latencies, bytes };
}

/** Records arrive at `rate`/s; every 1 ms the due ones are appended without waiting for earlier appends. */
async function offeredRun(log: EventLog, topic: string, records: ProducedRecord[], rate: number) {
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  const t0 = performance.now();
  let sent = 0;
  while (sent < records.length) {
    const due = Math.min(records.length, Math.floor(((performance.now() - t0) / 1000) * rate));
    if (due > sent) {
      const slice = records.slice(sent, due);
      const arrivals = slice.map((_, j) => t0 + ((sent + j) / rate) * 1000);
      sent = due;
      pending.push(
        log.append(topic, slice).then(() => {
          const now = performance.now();
          for (const a of arrivals) latencies.push(now - a);
        }),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(pending);
  return { secs: (performance.now() - t0) / 1000, latencies };
}

/** Runs the embedded log benches; prints one JSON line each. */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { messages: { type: 'string' }, dir: { type: 'string' }, workload: { type: 'string' } },
  });
  const n = Number(values.messages ?? 100_000);
  const records = workload(values.workload, n);
  const dataDir = mkdtempSync(join(values.dir ?? tmpdir(), 'conflux-log-bench-'));
  const emit = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);
  try {
    const log = await openEmbeddedLog(dataDir);
    // warm-up (JIT, first allocations), not measured: the reference's first run is a no-fsync one
    await appendRun(log, 'warmup', records.slice(0, 20_000), 1000, true);
    for (let p = 0; p < 4; p++) await log.read('warmup', p, 0, 1000);
    const runs = [
      {
        topic: 'one',
        partitions: 1,
        perCall: 1000,
        keyed: false,
        peer: 'conflux embedded log, append(1000) awaited, 1 partition',
      },
      {
        topic: 'four',
        partitions: 4,
        perCall: 1000,
        keyed: true,
        peer: 'conflux embedded log, append(1000) awaited, 4 partitions by key',
      },
      {
        topic: 'small',
        partitions: 1,
        perCall: 100,
        keyed: false,
        peer: 'conflux embedded log, append(100) awaited, 1 partition',
      },
    ];
    for (const r of runs) {
      await (log as Awaited<ReturnType<typeof openEmbeddedLog>>).createTopic(r.topic, r.partitions);
      const mem = rss();
      const res = await appendRun(log, r.topic, records, r.perCall, r.keyed);
      emit({
        bench: 'append',
        peer: r.peer,
        messages: n,
        bytes: res.bytes,
        eventsPerSec: Math.round(n / res.secs),
        mbPerSec: Math.round((res.bytes / res.secs / 2 ** 20) * 10) / 10,
        ...percentiles(res.latencies),
        ...mem.stop(),
        latencyOf: 'append() call → durable (fdatasync done)',
        seconds: r3(res.secs),
      });
    }
    for (const partitions of [1, 4]) {
      const topic = `offered-${partitions}`;
      await (log as Awaited<ReturnType<typeof openEmbeddedLog>>).createTopic(topic, partitions);
      const mem = rss();
      const res = await offeredRun(log, topic, records, 50_000);
      emit({
        bench: 'append',
        peer: `conflux embedded log, offered 50,000/s, 1 ms ticks, ${partitions} partition(s) by key`,
        messages: n,
        bytes: null,
        eventsPerSec: Math.round(n / res.secs),
        ...percentiles(res.latencies),
        ...mem.stop(),
        latencyOf: 'record arrival → durable',
        offeredPerSec: 50_000,
        seconds: r3(res.secs),
      });
    }
    const mem = rss();
    let count = 0;
    let bytes = 0;
    const t0 = performance.now();
    for (let offset = 0; ; ) {
      const batch = await log.read('one', 0, offset, 1000);
      if (batch.length === 0) break;
      for (const record of batch) bytes += record.value.length;
      count += batch.length;
      offset = batch[batch.length - 1]!.offset + 1;
    }
    const secs = (performance.now() - t0) / 1000;
    emit({
      bench: 'append-read',
      peer: 'conflux embedded log, read(1000) sequential, frame + crc32 check + decode',
      messages: count,
      bytes,
      eventsPerSec: Math.round(count / secs),
      mbPerSec: Math.round((bytes / secs / 2 ** 20) * 10) / 10,
      p50Ms: null,
      p99Ms: null,
      ...mem.stop(),
      pageCache: 'probably warm (file just written)',
      seconds: r3(secs),
    });
    await log.close();
    return 0;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
