import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The project's `conflux` entry point, run the way users run it. */
export const confluxBin = fileURLToPath(new URL('../../bin/conflux.mjs', import.meta.url));

/** A `conflux` child process with its output collected as it arrives. */
export interface CliProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code once the process ended. */
  exited: Promise<number | null>;
}

/** Starts `conflux ...args` in `cwd` as a real process. */
export function spawnCli(args: string[], options: { cwd: string; stdin?: string }): CliProcess {
  const child = spawn(process.execPath, [confluxBin, ...args], { cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
  });
  if (options.stdin !== undefined) child.stdin!.end(options.stdin);
  else child.stdin!.end();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Runs `conflux ...args` to the end; resolves with its code and output. */
export async function runCliProcess(args: string[], options: { cwd: string; stdin?: string }) {
  const proc = spawnCli(args, options);
  const code = await proc.exited;
  return { code, stdout: proc.stdout(), stderr: proc.stderr() };
}

/**
 * Waits until `condition` holds, checking every `everyMs`; fails after `timeoutMs` with `what`.
 * For conditions outside this process (a file another process writes), where no event can be awaited.
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
  everyMs = 25,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
