import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One JSON line of `stream-reference.mjs` (../shared/bench/stream/README.md). */
export interface ReferenceLine {
  bench: string;
  peer: string;
  eventsPerSec: number;
  p99Ms: number | null;
  [field: string]: unknown;
}

/** ../shared/bench/stream/stream-reference.mjs: the runner, and the live pipelines' feeder (its worker role). */
export const RUNNER = fileURLToPath(new URL('../../../../shared/bench/stream/stream-reference.mjs', import.meta.url));

/**
 * The kafkajs the reference loads (through `--deps`): the project's own kafkajs, except that an admin's
 * `fetchTopicMetadata` first creates the topics it names with `partitions` partitions. The runner waits
 * for a topic's metadata to make it exist, which only librdkafka's mock does (Apache Kafka creates a
 * topic on a producer's metadata request, not an admin's); creating it with the admin API instead gives
 * it the partitions the conflux lines get.
 */
function shimSource(realKafkajs: string, partitions: number): string {
  return `'use strict';
const real = require(${JSON.stringify(realKafkajs)});
const created = new Set();
class Kafka extends real.Kafka {
  admin(config) {
    const admin = super.admin(config);
    const fetchTopicMetadata = admin.fetchTopicMetadata;
    admin.fetchTopicMetadata = async (options) => {
      const missing = (options?.topics ?? []).filter((topic) => !created.has(topic));
      if (missing.length > 0) {
        await admin.createTopics({ topics: missing.map((topic) => ({ topic, numPartitions: ${partitions} })), waitForLeaders: true });
        for (const topic of missing) created.add(topic);
      }
      return fetchTopicMetadata(options);
    };
    return admin;
  }
}
module.exports = { ...real, Kafka };
`;
}

/** Writes the shim package into a fresh folder; returns the folder to pass as `--deps`. */
async function shimDeps(partitions: number): Promise<string> {
  const require = createRequire(import.meta.url);
  const real = require.resolve('kafkajs');
  const { version } = JSON.parse(await readFile(join(dirname(real), 'package.json'), 'utf8')) as { version: string };
  const deps = await mkdtemp(join(tmpdir(), 'conflux-reference-deps-'));
  const shim = join(deps, 'node_modules', 'kafkajs');
  await mkdir(shim, { recursive: true });
  await writeFile(join(shim, 'package.json'), JSON.stringify({ name: 'kafkajs', version, main: 'index.js' }));
  await writeFile(join(shim, 'index.js'), shimSource(real, partitions));
  return deps;
}

/** The reference's flags for the run, besides `--brokers` and `--deps`. */
export interface ReferenceOptions {
  workload: string;
  messages: number;
  rate: number;
  liveMessages: number;
  partitions: number;
}

/**
 * Runs `stream-reference.mjs --benches pipeline --concurrency 1` on `brokers` (its backlog and live
 * pipeline lines, kafkajs eachBatch → send acks=-1), its progress on our stderr; resolves with its lines.
 */
export async function runReference(brokers: string[], options: ReferenceOptions): Promise<ReferenceLine[]> {
  const deps = await shimDeps(options.partitions);
  try {
    const args = [
      RUNNER,
      '--brokers',
      brokers.join(','),
      '--deps',
      deps,
      '--benches',
      'pipeline',
      '--concurrency',
      '1',
      '--workload',
      options.workload,
      '--messages',
      String(options.messages),
      '--rate',
      String(options.rate),
      '--live-messages',
      String(options.liveMessages),
    ];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk;
    });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', resolve);
    });
    if (code !== 0) throw new Error(`stream-reference.mjs exited ${code}`);
    return out
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as ReferenceLine);
  } finally {
    await rm(deps, { recursive: true, force: true });
  }
}
