import { LineCounter, parseDocument } from 'yaml';
import { messageOf } from '../../bus/errors.js';
import { parseJsonExact } from '../../bus/pattern/exact-numbers.js';
import type { SourceIssue } from './errors.js';
import { exactNumberTags } from './yaml-numbers.js';

/** The two notations conflux.yaml may be written in. */
export type ConfigFormat = 'yaml' | 'json';

/** `.json` files and text starting with `{` are JSON; everything else is YAML. */
export function detectFormat(text: string, file?: string): ConfigFormat {
  if (file !== undefined && /\.json$/i.test(file)) return 'json';
  if (file !== undefined && /\.ya?ml$/i.test(file)) return 'yaml';
  return text.trimStart().startsWith('{') ? 'json' : 'yaml';
}

/** The parsed document, or its syntax errors with line and column; YAML warnings (e.g. unknown tags) beside it. */
export type Parsed = { ok: true; raw: unknown; warnings: SourceIssue[] } | { ok: false; issues: SourceIssue[] };

/**
 * Parses conflux.yaml text (YAML 1.2 with merge keys `<<`, or strict JSON) into plain data.
 * @example parseConfigText('version: 1\ntasks: []\n') // → {ok: true, raw: {version: 1, tasks: []}, warnings: []}
 */
export function parseConfigText(text: string, options: { file?: string; format?: ConfigFormat } = {}): Parsed {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const format = options.format ?? detectFormat(source, options.file);
  return format === 'json' ? parseJson(source) : parseYaml(source);
}

function parseYaml(text: string): Parsed {
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lines,
    prettyErrors: false,
    merge: true,
    uniqueKeys: true,
    customTags: exactNumberTags, // 9007199254740993 and 1e400 keep their decimal meaning
  });
  const located = (error: { message: string; pos: [number, number] }, prefix: string): SourceIssue => {
    const { line, col } = lines.linePos(error.pos[0]);
    return { path: [], message: `${prefix}${error.message}`, line, column: col };
  };
  if (doc.errors.length > 0) return { ok: false, issues: doc.errors.map((e) => located(e, 'YAML syntax error: ')) };
  const warnings = doc.warnings.map((w) => located(w, 'YAML: '));
  try {
    return { ok: true, raw: doc.toJS({ maxAliasCount: 1000 }), warnings };
  } catch (error) {
    return { ok: false, issues: [{ path: [], message: `YAML error: ${messageOf(error)}` }] };
  }
}

function parseJson(text: string): Parsed {
  try {
    // 9007199254740993 and 1e-400 keep their decimal meaning (JSON.parse rounds them)
    return { ok: true, raw: parseJsonExact(text), warnings: [] };
  } catch (error) {
    if (text.trim() === '')
      return { ok: false, issues: [{ path: [], message: 'the file is empty', line: 1, column: 1 }] };
    const message = messageOf(error)
      .replace(/ in JSON at position \d+.*$/s, '')
      .replace(/, (\.\.\.)?".*" is not valid JSON$/s, '')
      .replace(/\s+/g, ' ');
    const issue: SourceIssue = { path: [], message: `JSON syntax error: ${message}` };
    // Node 20 gives a position only sometimes; YAML's parser (a JSON superset) locates most of the rest.
    const at = /position (\d+)/.exec(messageOf(error));
    const located = at !== null ? lineColumn(text, Number(at[1])) : locateWithYaml(text);
    return { ok: false, issues: [located === undefined ? issue : { ...issue, ...located }] };
  }
}

function locateWithYaml(text: string): { line: number; column: number } | undefined {
  const lines = new LineCounter();
  const first = parseDocument(text, { lineCounter: lines }).errors[0];
  if (first === undefined) return undefined;
  const { line, col } = lines.linePos(first.pos[0]);
  return { line, column: col };
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
