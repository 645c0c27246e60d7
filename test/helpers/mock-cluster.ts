/**
 * A librdkafka mock cluster driven through its C API (test/helpers/mock-cluster.c), for tests that
 * break brokers on purpose: `down(id)` / `up(id)`, move a partition's leader or a group's coordinator,
 * create a topic with an exact partition count. Needs gcc and `librdkafka-dev` (apt-get install -y librdkafka-dev); the program
 * is compiled once per source version into the temp dir. It exits when its stdin closes, so it never
 * outlives the test process; `stop` also kills its process group.
 *
 * @example const cluster = await startMockCluster(); await cluster.down(1); … await cluster.stop();
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const source = fileURLToPath(new URL('./mock-cluster.c', import.meta.url));

/** A running mock cluster whose brokers (ids 1..n) can be taken down and brought back. */
export interface MockCluster {
  brokers: string[];
  /** Broker `id` drops its connections and refuses new ones (leadership does not move). */
  down(id: number): Promise<void>;
  up(id: number): Promise<void>;
  /** Makes broker `id` the leader of a partition (creating the topic when missing). */
  setLeader(topic: string, partition: number, id: number): Promise<void>;
  /** Creates a topic with exactly `partitions` partitions. */
  createTopic(topic: string, partitions: number): Promise<void>;
  /** Makes broker `id` the coordinator of consumer group `group`. */
  setCoordinator(group: string, id: number): Promise<void>;
  stop(): Promise<void>;
}

/** Compiles mock-cluster.c unless this version of it was compiled already; returns the binary's path. */
export function buildMockCluster(): string {
  const hash = createHash('sha256').update(readFileSync(source)).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), 'conflux-mock-cluster');
  const binary = join(dir, `mock-cluster-${hash}`);
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  const building = `${binary}.${process.pid}.tmp`;
  try {
    execFileSync('gcc', ['-O1', '-Wall', '-o', building, source, '-lrdkafka'], { stdio: 'pipe', timeout: 60_000 });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
    throw new Error(`cannot compile ${source} (apt-get install -y gcc librdkafka-dev): ${stderr.slice(0, 800)}`);
  }
  renameSync(building, binary); // atomic: parallel test files see no half-written binary
  return binary;
}

function killGroup(child: ChildProcess): void {
  // only while the leader runs: an exited child's pid may lead another process group by now
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Starts a mock cluster of `brokers` brokers (default 3); rejects within 15 s when it does not come up. */
export async function startMockCluster(options: { brokers?: number } = {}): Promise<MockCluster> {
  const binary = buildMockCluster();
  const child = spawn('timeout', ['-k', '5', '3600', binary, String(options.brokers ?? 3)], {
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  const onExit = () => child.stdin!.destroy();
  process.once('exit', onExit);
  const lines: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  let partial = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    if (stderr.length < 10_000) stderr += chunk.toString();
  });
  child.stdout!.on('data', (chunk: Buffer) => {
    partial += chunk.toString();
    const parts = partial.split('\n');
    partial = parts.pop()!;
    for (const line of parts) {
      const next = waiting.shift();
      if (next) next(line);
      else lines.push(line);
    }
  });
  const nextLine = (what: string, timeoutMs: number) =>
    new Promise<string>((resolve, reject) => {
      const queued = lines.shift();
      if (queued !== undefined) return resolve(queued);
      const timer = setTimeout(
        () => reject(new Error(`mock cluster: no answer to ${what} in ${timeoutMs} ms`)),
        timeoutMs,
      );
      const onEnd = () => reject(new Error(`mock cluster exited (${child.exitCode}): ${stderr.slice(0, 500)}`));
      child.once('exit', onEnd);
      waiting.push((line) => {
        clearTimeout(timer);
        child.off('exit', onEnd);
        resolve(line);
      });
    });

  let brokers: string[];
  try {
    brokers = (await nextLine('startup', 15_000)).split(',').filter(Boolean);
  } catch (error) {
    killGroup(child);
    process.off('exit', onExit);
    throw error;
  }
  let queue = Promise.resolve();
  const send = (command: string) => {
    const run = queue.then(async () => {
      child.stdin!.write(`${command}\n`);
      const answer = await nextLine(command, 10_000);
      if (answer !== 'ok') throw new Error(`mock cluster: ${command}: ${answer}`);
    });
    queue = run.catch(() => undefined);
    return run;
  };
  return {
    brokers,
    down: (id) => send(`down ${id}`),
    up: (id) => send(`up ${id}`),
    setLeader: (topic, partition, id) => send(`leader ${topic} ${partition} ${id}`),
    createTopic: (topic, partitions) => send(`topic ${topic} ${partitions}`),
    setCoordinator: (group, id) => send(`coordinator ${group} ${id}`),
    stop: () =>
      new Promise<void>((resolve) => {
        process.off('exit', onExit);
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => {
          killGroup(child);
          resolve();
        }, 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.stdin!.end('quit\n');
      }),
  };
}
