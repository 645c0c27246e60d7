/**
 * librdkafka's mock cluster (a real Kafka-protocol broker) from Debian's `kcat`, for tests:
 * `kcat -b dummy:9092 -X test.mock.num.brokers=3 -C -t keepalive` logs the bootstrap servers it
 * listens on. kcat runs under `timeout 3600` inside a shell that kills it when our end of its stdin
 * closes, so it never outlives the test process, however that process ends; `stop` also kills the
 * whole process group.
 *
 * @example const kafka = await startKafkaMock(); … await kafka.stop();
 */
import { type ChildProcess, spawn } from 'node:child_process';

/** A running mock cluster. */
export interface KafkaMock {
  brokers: string[];
  stop(): Promise<void>;
}

const SCRIPT =
  'timeout -k 5 3600 kcat -b dummy:9092 -X test.mock.num.brokers=3 -C -t keepalive >/dev/null </dev/null & k=$!; ' +
  "trap 'kill $k 2>/dev/null; exit 0' INT TERM HUP; cat >/dev/null; kill $k 2>/dev/null; wait $k 2>/dev/null; exit 0";

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  // only while the leader runs: an exited child's pid may lead another process group by now
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** Starts a 3-broker mock cluster; rejects within 15 s when kcat does not come up. */
export async function startKafkaMock(): Promise<KafkaMock> {
  const child = spawn('sh', ['-c', SCRIPT], { stdio: ['pipe', 'ignore', 'pipe'], detached: true });
  // closing our end of the pipe on exit makes the shell kill kcat, even when this process dies
  const onExit = () => child.stdin.destroy();
  process.once('exit', onExit);
  let text = '';
  const brokers = await new Promise<string[]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kcat mock cluster: no broker list within 15 s: ${text}`)), 15_000);
    child.on('error', (error) => reject(new Error(`cannot start kcat (apt-get install -y kcat): ${error.message}`)));
    child.on('exit', (code) => reject(new Error(`kcat exited early (${code}): ${text.slice(0, 500)}`)));
    child.stderr.on('data', (chunk: Buffer) => {
      // keep draining: a full pipe would stall the mock broker thread
      if (text.length < 20_000) text += chunk.toString();
      const match = /bootstrap\.servers=(\S+)/.exec(text) ?? /replaced with (\S+)/.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!.replace(/,$/, '').split(','));
      }
    });
  }).catch((error: unknown) => {
    killGroup(child, 'SIGKILL');
    process.off('exit', onExit);
    throw error;
  });
  return {
    brokers,
    stop: () =>
      new Promise<void>((resolve) => {
        process.off('exit', onExit);
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => {
          killGroup(child, 'SIGKILL');
          resolve();
        }, 5000);
        // no group kill once the shell has exited: it killed kcat itself, and its pid, free again, may
        // already lead another process group (pids wrap at 32768), which a kill(-pid) would take down
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.stdin.end();
      }),
  };
}
