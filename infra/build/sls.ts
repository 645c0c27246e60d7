import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The Serverless Framework v3 CLI found in node_modules: its script and version. */
export interface ServerlessCli {
  /** `serverless`, or its maintained fork `osls`. */
  name: string;
  script: string;
  version: string;
  /** The Lambda runtimes its configuration schema lists (others it warns about, and packages all the same). */
  runtimes: string[];
}

/** What to tell a user whose checkout has no v3 CLI. */
export const MISSING_CLI =
  'the Serverless Framework v3 CLI is not installed: add "serverless": "^3.40.0" (or "osls": "^3") to devDependencies and run npm install (serverless@4 needs an online login and cannot package offline)';

/**
 * The `serverless` (or its fork `osls`) v3 CLI installed under `root`, if any; v4 is refused, since
 * it cannot run without an account. Given a runtime, the first whose schema knows it, if one does:
 * serverless 3.40's schema ends at nodejs20.x, osls 3.77's has nodejs22.x and nodejs24.x.
 */
export function findServerlessCli(root: string, runtime?: string): ServerlessCli | undefined {
  const found = installedClis(root);
  return found.find((cli) => runtime === undefined || cli.runtimes.includes(runtime)) ?? found[0];
}

/**
 * What to tell a user whose v3 CLI does not know the runtime, or undefined when it does.
 *
 * @example runtimeNote({ name: 'serverless', version: '3.40.0', runtimes: ['nodejs20.x'], script: '' }, 'nodejs22.x')
 */
export function runtimeNote(cli: ServerlessCli, runtime: string): string | undefined {
  if (cli.runtimes.includes(runtime)) return undefined;
  return `${cli.name} ${cli.version} does not know ${runtime} (its schema ends at ${cli.runtimes.filter((r) => r.startsWith('nodejs')).at(-1) ?? 'an older runtime'}): it warns "Invalid configuration … provider.runtime" and packages all the same, with Runtime ${runtime} in the CloudFormation template; osls (npm install --save-dev osls@^3.77.1, a maintained fork of v3 that packages offline) knows nodejs22.x and nodejs24.x`;
}

function installedClis(root: string): ServerlessCli[] {
  const found: ServerlessCli[] = [];
  for (const name of ['serverless', 'osls']) {
    const dir = join(root, 'node_modules', name);
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const { version, bin } = JSON.parse(readFileSync(manifest, 'utf8')) as {
      version: string;
      bin?: Record<string, string>;
    };
    const script = bin?.serverless ?? bin?.sls ?? 'bin/serverless.js';
    if (version.startsWith('3.'))
      found.push({ name, script: join(dir, script), version, runtimes: schemaRuntimes(dir) });
  }
  return found;
}

/** The Lambda runtimes a v3 CLI's provider schema lists (its `runtime` enum in lib/plugins/aws/provider.js). */
function schemaRuntimes(dir: string): string[] {
  const file = join(dir, 'lib/plugins/aws/provider.js');
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  return [...new Set(text.match(/'nodejs\d+\.x'/g) ?? [])].map((quoted) => quoted.slice(1, -1)).sort(byVersion);
}

const byVersion = (a: string, b: string) => Number(/\d+/.exec(a)?.[0]) - Number(/\d+/.exec(b)?.[0]);

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
