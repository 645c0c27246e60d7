import { PassThrough, Readable } from 'node:stream';
import { main } from '../../infra/cli.js';

/** What a CLI run printed and returned. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `conflux ...args` in this process, with `stdin` text and `cwd`, capturing its output. */
export async function runCli(args: string[], options: { stdin?: string; cwd?: string } = {}): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const code = await main(args, {
    stdin: Readable.from([options.stdin ?? '']),
    stdout,
    stderr,
    cwd: options.cwd ?? process.cwd(),
  });
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}
