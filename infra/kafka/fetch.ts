/**
 * Apache Kafka's jars from Maven Central, fetched once with `mvn dependency:copy-dependencies` into the
 * user's cache (`~/.cache/conflux/kafka-<version>/<set>`, outside the repository), so clean clones on
 * one machine share them. A fetch lands in a temp folder renamed into place, so a fetch that was cut
 * off never looks complete, and two fetches at once both end with a whole folder.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** The Apache Kafka release conflux runs and tests against (the broker). */
export const KAFKA_VERSION = '4.4.0';

/** What to fetch: the broker, or Kafka Connect standalone with the file connectors (a benchmark peer). */
export type KafkaJarSet = 'broker' | 'connect';

const LOG4J_VERSION = '2.25.5';

/**
 * The Kafka Connect release the benchmarks run (against the 4.4.0 broker): connect-file's newest release in
 * the Maven repository this project fetches from is 4.2.0, and it needs the clients of its own release
 * (its connector calls AppInfoParser, which later clients moved), so Connect runs whole at 4.2.0.
 */
export const CONNECT_VERSION = '4.2.0';

const ARTIFACTS: Record<KafkaJarSet, string[]> = {
  broker: ['org.apache.kafka:kafka_2.13'],
  connect: ['org.apache.kafka:connect-runtime', 'org.apache.kafka:connect-file'],
};

/** The release a set is fetched at by default: the broker at KAFKA_VERSION, Kafka Connect at CONNECT_VERSION. */
export const defaultVersion = (set: KafkaJarSet): string => (set === 'connect' ? CONNECT_VERSION : KAFKA_VERSION);

/** The cache folder: `$XDG_CACHE_HOME/conflux` or `~/.cache/conflux`. */
export function cacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'conflux');
}

/** The pom whose runtime dependencies are the jars of `set` (plus log4j's slf4j binding, so the broker logs). */
export function fetchPom(set: KafkaJarSet, version = defaultVersion(set)): string {
  const dependency = (coordinates: string, v: string) => {
    const [groupId, artifactId] = coordinates.split(':');
    return `<dependency><groupId>${groupId}</groupId><artifactId>${artifactId}</artifactId><version>${v}</version></dependency>`;
  };
  const deps = [
    ...ARTIFACTS[set].map((a) => dependency(a, version)),
    dependency('org.apache.logging.log4j:log4j-slf4j-impl', LOG4J_VERSION),
  ];
  return `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>conflux</groupId><artifactId>kafka-${set}</artifactId><version>${version}</version><packaging>pom</packaging>
<dependencies>${deps.join('')}</dependencies></project>
`;
}

/**
 * The folder holding every jar of `set` (a Java classpath is `<folder>/*`), fetched when missing.
 * Fails with what to install when Maven is missing or the fetch fails.
 */
export async function kafkaJars(set: KafkaJarSet = 'broker', version = defaultVersion(set)): Promise<string> {
  const base = join(cacheDir(), `kafka-${version}`);
  const target = join(base, set);
  if (existsSync(join(target, '.complete'))) return target;
  await mkdir(base, { recursive: true });
  const work = await mkdtemp(join(base, `.${set}-`));
  try {
    await writeFile(join(work, 'pom.xml'), fetchPom(set, version));
    const libs = join(work, 'libs');
    await promisify(execFile)(
      'mvn',
      [
        '-q',
        '-B',
        '-f',
        join(work, 'pom.xml'),
        'dependency:copy-dependencies',
        `-DoutputDirectory=${libs}`,
        '-DincludeScope=runtime',
      ],
      { maxBuffer: 16 * 1024 * 1024, timeout: 600_000 },
    ).catch((error: NodeJS.ErrnoException & { stdout?: string; stderr?: string }) => {
      if (error.code === 'ENOENT')
        throw new Error('cannot fetch Apache Kafka: Maven (mvn) is not installed (apt-get install -y maven)');
      const output = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim().slice(-1500);
      throw new Error(`cannot fetch Apache Kafka ${version} (${set}) from Maven Central: ${output || error.message}`);
    });
    await writeFile(join(libs, '.complete'), `${version}\n`);
    await rename(libs, target).catch((error: NodeJS.ErrnoException) => {
      // another fetch finished first: its folder is as good as ours
      if (!existsSync(join(target, '.complete'))) throw error;
    });
    return target;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
