/**
 * The real Apache Kafka broker the tests share: the first test file that asks starts `npm run kafka`
 * (one node) detached, in the run-wide folder the globalSetup provides; every other file, in any
 * worker, waits for its `bootstrap=` line. The globalSetup's teardown stops it. Without Java or Maven,
 * outside CI, `realKafkaSkip` says why and the real-broker suites are skipped (the globalSetup prints
 * that once); in CI they always run, and fail when the broker cannot start.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

const script = fileURLToPath(new URL('../../bin/kafka.mjs', import.meta.url));

/** Why this machine cannot run a real broker ('' when it can, and always '' in CI: there, missing tools fail). */
export function realKafkaMissing(): string {
  if (process.env.CI === 'true') return '';
  const missing = ['java', 'mvn'].filter(
    (tool) => spawnSync(tool, ['-version'], { stdio: 'ignore' }).error !== undefined,
  );
  return missing.length === 0 ? '' : `${missing.join(' and ')} not found (Apache Kafka needs Java 17+ and Maven)`;
}

let started: Promise<string[]> | undefined;

/** The shared broker's bootstrap servers, starting it when no test has yet. */
export function sharedRealKafka(): Promise<string[]> {
  started ??= startOrJoin();
  return started;
}

async function startOrJoin(): Promise<string[]> {
  const dir = inject('realKafkaDir');
  const out = join(dir, 'out');
  const starter = await mkdir(join(dir, 'lock')).then(
    () => true,
    () => false,
  );
  if (starter) {
    const fd = openSync(out, 'a');
    const child = spawn(process.execPath, [script, '--exit-with', String(inject('realKafkaOwner'))], {
      detached: true,
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    child.unref();
    await writeFile(join(dir, 'pid'), String(child.pid));
  }
  // another process's output: no event to await here, so poll the file it writes
  const deadline = Date.now() + 180_000;
  for (;;) {
    const text = await readFile(out, 'utf8').catch(() => '');
    const match = /^bootstrap=(\S+)$/m.exec(text);
    if (match) return match[1]!.split(',');
    const pid = Number(await readFile(join(dir, 'pid'), 'utf8').catch(() => '0'));
    if ((pid > 0 && !alive(pid)) || Date.now() > deadline) {
      throw new Error(`the shared Apache Kafka broker did not start: ${text.slice(-1500) || '(no output)'}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
