/**
 * vitest globalSetup: a run-wide folder where the first test that needs the real Apache Kafka broker
 * starts it (test/helpers/real-kafka.ts), so a run starts one JVM, not one per file, and a run that
 * needs none starts none. Teardown stops that broker by the pid its starter wrote.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { realKafkaMissing } from './real-kafka.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run-wide folder of the shared real-Kafka broker (its lock, pid and bootstrap files). */
    realKafkaDir: string;
    /** The vitest main process: the shared broker stops itself when it is gone. */
    realKafkaOwner: number;
    /** Why the real-broker suites are skipped on this machine; '' when they run. */
    realKafkaSkip: string;
  }
}

/** Provides the run-wide folder; returns the teardown that stops a broker started in it. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'conflux-real-kafka-run-'));
  project.provide('realKafkaDir', dir);
  project.provide('realKafkaOwner', process.pid);
  const missing = realKafkaMissing();
  project.provide('realKafkaSkip', missing);
  if (missing !== '')
    console.warn(`\n!!! SKIPPING every real Apache Kafka suite: ${missing}. CI (CI=true) runs them.\n`);
  return async () => {
    const pid = Number(await readFile(join(dir, 'pid'), 'utf8').catch(() => ''));
    if (pid > 0) await stopPid(pid);
    await rm(dir, { recursive: true, force: true });
  };
}

async function stopPid(pid: number): Promise<void> {
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 20_000;
  while (alive() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  if (alive()) process.kill(pid, 'SIGKILL');
}
