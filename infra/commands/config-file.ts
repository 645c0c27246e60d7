import { resolve } from 'node:path';
import { ConfigError, formatIssue, type LoadedConfig, loadConfig } from '../config/index.js';
import type { Io } from './command.js';

/**
 * Loads a conflux.yaml named on the command line. When it is missing or invalid, prints each
 * problem as `path: message` on stderr and returns undefined (the command then exits 2).
 */
export async function loadConfigFile(file: string, io: Io): Promise<LoadedConfig | undefined> {
  try {
    return await loadConfig(resolve(io.cwd, file));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const issue of error.issues) io.stderr.write(`${formatIssue(issue, file)}\n`);
    return undefined;
  }
}
