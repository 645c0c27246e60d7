/**
 * A local Apache Kafka cluster (KRaft, no ZooKeeper, no Docker): one node, or three combined
 * controller+broker nodes, each a JVM on free loopback ports, started from the jars `kafkaJars`
 * fetched. Each JVM runs under a small shell that stops it when our end of its stdin closes, so no
 * broker outlives the process that started it, however that process ends.
 *
 * @example const cluster = await startKafkaCluster({ nodes: 3 }); cluster.bootstrap; await cluster.kill(2); await cluster.restart(2); await cluster.stop();
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import { KAFKA_VERSION, kafkaJars } from './fetch.js';
import { type KafkaNode, log4jProperties, nodeProperties } from './node-config.js';
import { freePorts } from './ports.js';

/** How to start a cluster. */
export interface KafkaClusterOptions {
  /** 1 (default) or 3 nodes. */
  nodes?: 1 | 3;
  /** Where the nodes keep their data; kept on stop. Default: a temp folder, removed on stop. */
  dir?: string;
  /** Max heap of each JVM in MiB (default 768). */
  heapMb?: number;
  /** How long to wait for the cluster to serve clients (default 60 s). */
  readyTimeoutMs?: number;
}

/** A running local cluster. */
export interface KafkaCluster {
  /** `127.0.0.1:P` of every node, in node-id order. */
  bootstrap: string[];
  nodes: KafkaNode[];
  /** The JVM's process id of node `id`, while it runs. */
  pid(id: number): number | undefined;
  /** Kills node `id`'s JVM with `signal` (default SIGKILL: a crash) and waits until it is gone. */
  kill(id: number, signal?: NodeJS.Signals): Promise<void>;
  /** Starts node `id` again on its ports and data; resolves when the cluster lists it among its brokers. */
  restart(id: number): Promise<void>;
  /** Stops every node (SIGTERM, SIGKILL after 15 s) and removes a temp data folder. */
  stop(): Promise<void>;
}

const JAVA_HINT = 'Apache Kafka needs Java 17 or newer (apt-get install -y openjdk-17-jre-headless)';

// the shell exits when java does; a background `cat` on the shell's stdin (fd 3) returns when our end
// closes (we stopped the node, or died) and then sends java SIGTERM
const WRAPPER =
  'exec 3<&0; java "$@" </dev/null >>"$CONFLUX_KAFKA_OUT" 2>&1 & j=$!; echo "$j"; ' +
  '(cat <&3 >/dev/null; kill -TERM "$j" 2>/dev/null) </dev/null >/dev/null 2>&1 & exec 3<&-; wait "$j"';

interface Running {
  child: ChildProcess;
  pid: number;
  exited: Promise<void>;
}

/** Starts a cluster and resolves once every node serves as a broker; rejects with the JVM's output when one fails. */
export async function startKafkaCluster(options: KafkaClusterOptions = {}): Promise<KafkaCluster> {
  const count = options.nodes ?? 1;
  const libs = await kafkaJars('broker');
  const classpath = `${libs}/*`;
  const temporary = options.dir === undefined;
  const root = options.dir ?? (await mkdtemp(join(tmpdir(), 'conflux-kafka-')));
  const ports = await freePorts(count * 2);
  const nodes: KafkaNode[] = Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    port: ports[2 * i]!,
    controllerPort: ports[2 * i + 1]!,
    dir: join(root, `node-${i + 1}`),
  }));
  const clusterId = randomBytes(16).toString('base64url');
  const heap = options.heapMb ?? 768;
  const running = new Map<number, Running>();
  const bootstrap = nodes.map((n) => `127.0.0.1:${n.port}`);

  await Promise.all(
    nodes.map(async (node) => {
      await mkdir(node.dir, { recursive: true });
      await writeFile(join(node.dir, 'server.properties'), nodeProperties(node, nodes));
      await writeFile(join(node.dir, 'log4j2.properties'), log4jProperties(node.dir));
      if (existsSync(join(node.dir, 'data', 'meta.properties'))) return;
      await promisify(execFile)(
        'java',
        [
          '-cp',
          classpath,
          'kafka.tools.StorageTool',
          'format',
          '-t',
          clusterId,
          '-c',
          join(node.dir, 'server.properties'),
        ],
        { timeout: 60_000 },
      ).catch((error: NodeJS.ErrnoException & { stderr?: string }) => {
        if (error.code === 'ENOENT') throw new Error(`cannot run java: ${JAVA_HINT}`);
        throw new Error(`cannot format node ${node.id}'s storage: ${(error.stderr ?? error.message).slice(-1500)}`);
      });
    }),
  );

  const launch = async (node: KafkaNode): Promise<void> => {
    const out = join(node.dir, 'jvm.out');
    const child = spawn(
      'sh',
      [
        '-c',
        WRAPPER,
        'kafka-node',
        `-Xms128m`,
        `-Xmx${heap}m`,
        '-XX:+UseG1GC',
        '-XX:MaxGCPauseMillis=20',
        '-Djava.awt.headless=true',
        `-Dlog4j2.configurationFile=${join(node.dir, 'log4j2.properties')}`,
        '-cp',
        classpath,
        'kafka.Kafka',
        join(node.dir, 'server.properties'),
      ],
      { stdio: ['pipe', 'pipe', 'inherit'], detached: true, env: { ...process.env, CONFLUX_KAFKA_OUT: out } },
    );
    const onExit = () => child.stdin?.destroy();
    process.once('exit', onExit);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    void exited.then(() => process.off('exit', onExit));
    const pid = await new Promise<number>((resolve, reject) => {
      child.once('error', (error) => reject(new Error(`cannot start node ${node.id}: ${error.message}`)));
      child.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
      void exited.then(() => reject(new Error(`node ${node.id} did not start`)));
    });
    running.set(node.id, { child, pid, exited });
  };

  const stopNode = async (id: number, signal: NodeJS.Signals | undefined): Promise<void> => {
    const node = running.get(id);
    if (node === undefined) return;
    running.delete(id);
    if (signal !== undefined) signalPid(node.pid, signal);
    node.child.stdin?.end(); // the wrapper's watcher now sends SIGTERM to a JVM still running
    const timer = setTimeout(() => signalPid(node.pid, 'SIGKILL'), 15_000);
    await node.exited;
    clearTimeout(timer);
  };

  const stop = async () => {
    await Promise.all([...running.keys()].map((id) => stopNode(id, 'SIGTERM')));
    if (temporary) await rm(root, { recursive: true, force: true });
  };

  /** Resolves when every node in `ids` is a registered broker; rejects early when one of their JVMs exits. */
  const ready = async (ids: number[]): Promise<void> => {
    const timeoutMs = options.readyTimeoutMs ?? 60_000;
    const deadline = Date.now() + timeoutMs;
    const admin = new Kafka({
      clientId: 'conflux-kafka-ready',
      brokers: bootstrap,
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
      connectionTimeout: 1000,
    }).admin();
    try {
      for (;;) {
        for (const id of ids) {
          if (!running.has(id) || (await hasExited(running.get(id)!))) {
            const node = nodes[id - 1]!;
            const output = await readFile(join(node.dir, 'jvm.out'), 'utf8').catch(() => '');
            const hint = /UnsupportedClassVersionError/.test(output) ? ` (${JAVA_HINT})` : '';
            throw new Error(`Kafka node ${id} exited while starting${hint}: ${output.slice(-1500)}`);
          }
        }
        const listed = await admin
          .connect()
          .then(() => admin.describeCluster())
          .then((cluster) => new Set(cluster.brokers.map((b) => b.nodeId)))
          .catch(() => new Set<number>());
        if (ids.every((id) => listed.has(id)) && (await groupsServed(admin))) return;
        if (Date.now() > deadline)
          throw new Error(`Kafka did not list brokers ${ids.join(',')} within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  };

  try {
    for (const node of nodes) await launch(node);
    await ready(nodes.map((n) => n.id));
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    bootstrap,
    nodes,
    pid: (id) => running.get(id)?.pid,
    kill: (id, signal = 'SIGKILL') => stopNode(id, signal),
    async restart(id) {
      const node = nodes[id - 1];
      if (node === undefined) throw new Error(`no Kafka node ${id} (nodes 1..${nodes.length})`);
      if (running.has(id)) throw new Error(`Kafka node ${id} is running: kill it first`);
      await launch(node);
      await ready([id]);
    },
    stop,
  };
}

/**
 * Whether the group coordinator answers: the first group request creates `__consumer_offsets`, and
 * until its partitions are loaded a broker answers NOT_COORDINATOR, which some clients do not retry.
 */
async function groupsServed(admin: Admin): Promise<boolean> {
  return admin
    .fetchOffsets({ groupId: 'conflux-kafka-ready', topics: [] })
    .then(() => true)
    .catch(() => false);
}

function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

async function hasExited(node: Running): Promise<boolean> {
  return Promise.race([node.exited.then(() => true), Promise.resolve(false)]);
}

export { KAFKA_VERSION };
