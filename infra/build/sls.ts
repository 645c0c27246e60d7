import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The Serverless Framework v3 CLI found in node_modules: its script and version. */
export interface ServerlessCli {
  script: string;
  version: string;
}

/** What to tell a user whose checkout has no v3 CLI. */
export const MISSING_CLI =
  'the Serverless Framework v3 CLI is not installed: add "serverless": "^3.40.0" (or "osls": "^3") to devDependencies and run npm install (serverless@4 needs an online login and cannot package offline)';

/**
 * The `serverless` (or its fork `osls`) v3 CLI installed under `root`, if any; v4 is refused, since
 * it cannot run without an account.
 */
export function findServerlessCli(root: string): ServerlessCli | undefined {
  for (const name of ['serverless', 'osls']) {
    const dir = join(root, 'node_modules', name);
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const { version, bin } = JSON.parse(readFileSync(manifest, 'utf8')) as {
      version: string;
      bin?: Record<string, string>;
    };
    const script = bin?.serverless ?? bin?.sls ?? 'bin/serverless.js';
    if (version.startsWith('3.')) return { script: join(dir, script), version };
  }
  return undefined;
}

/**
 * Runs `serverless package` in `cwd` with no network use and no account (telemetry and
 * notifications off; packaging never calls AWS). Resolves with the exit code and the output.
 */
export function runServerlessPackage(
  cli: ServerlessCli,
  cwd: string,
  params: Record<string, string> = {},
): Promise<{ code: number; output: string }> {
  const args = [cli.script, 'package', ...Object.entries(params).map(([k, v]) => `--param=${k}=${v}`)];
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? cwd,
    CI: 'true',
    SLS_TELEMETRY_DISABLED: '1',
    SLS_NOTIFICATIONS_MODE: 'off',
    SLS_INTERACTIVE_SETUP_DISABLE: '1',
  };
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd, env, timeout: 180_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}
