import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';

/** A workload record: Kafka messages are the events' data.value keyed by data.key; `line` is the whole event. */
export interface WorkloadRecord {
  key: string;
  value: string;
  line: string;
}

/** Loads (generating when missing) the shared workload, cycling it to `count` records. */
export function loadWorkload(dir: string, count: number): WorkloadRecord[] {
  const file = join(dir, 'events.jsonl');
  if (!existsSync(file)) {
    const generator = new URL('../../../../shared/bench/gen-workload.mjs', import.meta.url);
    // by its real path: the generator runs its main only when argv[1] is its own (symlink-free) path
    execFileSync(process.execPath, [realpathSync(generator), dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const records: WorkloadRecord[] = [];
  for (let i = 0; records.length < count; i = (i + 1) % lines.length) {
    const event = JSON.parse(lines[i]!) as { data: { key: string; value: unknown } };
    records.push({ key: String(event.data.key), value: JSON.stringify(event.data.value), line: lines[i]! });
  }
  return records;
}

/** p50/p99/max of latency samples in ms, rounded like the reference runner. */
export function latency(samples: number[]): { p50Ms: number | null; p99Ms: number | null; maxMs: number | null } {
  const sorted = Float64Array.from(samples).sort();
  const at = (p: number) =>
    sorted.length === 0
      ? null
      : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
  const round = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);
  return {
    p50Ms: round(at(50)),
    p99Ms: round(at(99)),
    maxMs: round(sorted.length ? sorted[sorted.length - 1]! : null),
  };
}

/** Peak RSS (sampled every 25 ms) against the RSS at the start, in MB. */
export function rssSampler() {
  const mb = () => process.memoryUsage.rss() / 2 ** 20;
  const base = mb();
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, mb());
  }, 25);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, mb());
      return { peakRssMB: Math.round(peak * 10) / 10, baseRssMB: Math.round(base * 10) / 10 };
    },
  };
}

/** Resolves when `condition` holds (checked every 5 ms), or rejects after `timeoutMs` naming `what`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
