import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Issue } from '../../bus/errors.js';
import { ConfigError, type SourceIssue } from './errors.js';
import { formatIssue } from './format.js';
import { type ConfigFormat, parseConfigText } from './parse.js';
import type { Config } from './schema.js';
import { validateConfig } from './validate.js';

/** The outcome of checking conflux.yaml text: the config, or every problem; warnings either way. */
export type TextValidation =
  | { ok: true; config: Config; warnings: SourceIssue[] }
  | { ok: false; issues: SourceIssue[]; warnings: SourceIssue[] };

/** Parses and validates conflux.yaml text (`strictAlibaba`: all of Alibaba's rules); syntax errors come back with a line and column. */
export function checkConfigText(
  text: string,
  options: { file?: string; format?: ConfigFormat; strictAlibaba?: boolean } = {},
): TextValidation {
  const parsed = parseConfigText(text, options);
  if (!parsed.ok) return { ok: false, issues: parsed.issues, warnings: [] };
  if (parsed.raw === null || parsed.raw === undefined) {
    return {
      ok: false,
      issues: [{ path: [], message: 'the file is empty; expected version: 1 and tasks' }],
      warnings: [],
    };
  }
  const result = validateConfig(parsed.raw, { strictAlibaba: options.strictAlibaba === true });
  return { ...result, warnings: [...parsed.warnings, ...result.warnings] };
}

/** A loaded conflux.yaml: the typed config, its warnings, and the folder relative paths resolve from. */
export interface LoadedConfig {
  config: Config;
  warnings: Issue[];
  file: string;
  baseDir: string;
}

/**
 * Reads, parses (YAML or JSON) and validates a conflux.yaml. Throws ConfigError with every
 * problem (`error.issues`) when the file is missing, malformed or invalid.
 * @example const { config, warnings } = await loadConfig('conflux.yaml')
 */
export async function loadConfig(file: string): Promise<LoadedConfig> {
  const path = resolve(file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as { code?: string }).code === 'ENOENT' ? 'no such file' : 'cannot read it';
    throw new ConfigError(`${file}: ${reason}`, [{ path: [], message: reason }], {
      cause: error,
      code: 'config.unreadable',
    });
  }
  const result = checkConfigText(text, { file });
  if (!result.ok) {
    const lines = result.issues.map((issue) => formatIssue(issue, file));
    throw new ConfigError(`${file} is not valid:\n${lines.join('\n')}`, result.issues);
  }
  return { config: result.config, warnings: result.warnings, file: path, baseDir: dirname(path) };
}
