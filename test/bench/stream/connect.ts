import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONNECT_VERSION, kafkaJars } from '../../../infra/kafka/fetch.js';
import { waitForLines } from './lines.js';

/** The JVM flags of Apache Kafka's connect-standalone.sh (kafka-run-class.sh defaults). */
const JVM = [
  '-Xms256M',
  '-Xmx2G',
  '-XX:+UseG1GC',
  '-XX:MaxGCPauseMillis=20',
  '-XX:InitiatingHeapOccupancyPercent=35',
  '-XX:+ExplicitGCInvokesConcurrent',
  '-Djava.awt.headless=true',
];

/** WorkerSinkTask logs this (INFO) once its consumer is made and subscribed: the connector's task runs. */
const TASK_STARTED = /Sink task finished initialization and start/;

const properties = (settings: Record<string, string | number>) =>
  `${Object.entries(settings)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')}\n`;

/**
 * Kafka Connect standalone (`ConnectStandalone`, jars from `npm run kafka -- --fetch-only --connect`)
 * with one `FileStreamSinkConnector` task reading `topic` from the beginning (StringConverter, so each
 * line is the record's value) into a fresh file. Timed from the task's start (its log line) to the
 * file holding `count` lines; the JVM is stopped after. One report line.
 */
export async function benchConnectFile(brokers: string[], topic: string, count: number) {
  const jars = await kafkaJars('connect');
  const dir = await mkdtemp(join(tmpdir(), 'conflux-bench-connect-'));
  const out = join(dir, 'out.txt');
  const name = `bench-file-sink-${process.pid}-${Date.now() % 1e8}`;
  await writeFile(
    join(dir, 'worker.properties'),
    properties({
      'bootstrap.servers': brokers.join(','),
      'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'offset.storage.file.filename': join(dir, 'connect.offsets'),
      'offset.flush.interval.ms': 10_000,
      listeners: 'http://127.0.0.1:0',
    }),
  );
  await writeFile(
    join(dir, 'connector.properties'),
    properties({
      name,
      'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector',
      'tasks.max': 1,
      topics: topic,
      file: out,
    }),
  );
  await writeFile(
    join(dir, 'log4j2.properties'),
    [
      'rootLogger.level=WARN',
      'rootLogger.appenderRef.out.ref=out',
      'appender.out.type=Console',
      'appender.out.name=out',
      'appender.out.layout.type=PatternLayout',
      'appender.out.layout.pattern=[%d] %p %m (%c)%n',
      'logger.sink.name=org.apache.kafka.connect.runtime.WorkerSinkTask',
      'logger.sink.level=INFO',
      '',
    ].join('\n'),
  );
  const spawnedAt = performance.now();
  const java = spawn(
    'java',
    [
      ...JVM,
      `-Dlog4j2.configurationFile=${join(dir, 'log4j2.properties')}`,
      '-cp',
      `${jars}/*`,
      'org.apache.kafka.connect.cli.ConnectStandalone',
      join(dir, 'worker.properties'),
      join(dir, 'connector.properties'),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const kill = () => java.kill('SIGKILL');
  process.once('exit', kill);
  let log = '';
  let startedAt: number | undefined;
  let exited: string | undefined;
  const onLog = (chunk: Buffer) => {
    if (log.length < 200_000) log += chunk;
    if (startedAt === undefined && TASK_STARTED.test(log)) startedAt = performance.now();
  };
  java.stdout.on('data', onLog);
  java.stderr.on('data', onLog);
  java.once('exit', (code, signal) => {
    exited = `Kafka Connect exited (${code ?? signal}): ${log.slice(-1500)}`;
  });
  java.once('error', (error) => {
    exited = `cannot run java: ${error.message}`;
  });
  try {
    const seen = await waitForLines(out, count, () => exited);
    const started = startedAt ?? seen.firstAt;
    const seconds = (seen.allAt - started) / 1000;
    return {
      bench: 'kafka-file',
      peer: `Kafka Connect ${CONNECT_VERSION} standalone, FileStreamSinkConnector tasks.max=1`,
      messages: count,
      bytes: (await stat(out)).size,
      eventsPerSec: Math.round(count / seconds),
      firstToLastPerSec: Math.round(count / ((seen.allAt - seen.firstAt) / 1000)),
      startToAllMs: Math.round(seen.allAt - started),
      jvmToTaskMs: Math.round(started - spawnedAt),
      timedFrom: startedAt === undefined ? 'first line (no task start logged)' : 'WorkerSinkTask started',
      durability: 'none: PrintStream.println per record, flushed at offset commit, no fsync',
      seconds: Math.round(seconds * 1000) / 1000,
      topic,
      file: out,
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  } finally {
    java.kill('SIGTERM');
    const gone = new Promise((resolve) => java.once('exit', resolve));
    const timer = setTimeout(kill, 15_000);
    if (exited === undefined) await gone;
    clearTimeout(timer);
    process.removeListener('exit', kill);
  }
}

/** Removes the folder a bench line's `file` lies in. */
export async function removeOutput(file: string): Promise<void> {
  await rm(join(file, '..'), { recursive: true, force: true });
}
