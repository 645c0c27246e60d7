import type { z } from 'zod';
import { ConfluxError, formatConfigPath, type Issue } from '../../../bus/errors.js';

/**
 * Turns zod's issues into plain words that say what was expected and what was found, so
 * `conflux validate` and a function reading its own config report the same
 * `tasks[1].concurrency: must be an integer from 1 to 32 (got 40)`.
 */

/** A value as a message quotes it: strings in quotes (shortened), containers by kind. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

const expectedWords: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
  null: 'null',
};

/** The closest of `candidates` to `word` (case or a couple of letters off), if any is close. */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = candidate.toLowerCase() === lower ? 0 : editDistance(lower, candidate.toLowerCase());
    if (distance <= Math.max(1, Math.floor(candidate.length / 3)) && (!best || distance < best.distance)) {
      best = { candidate, distance };
    }
  }
  return best?.candidate;
}

/** Edit distance counting a swap of two neighbouring letters as one edit (`kafak` → `kafka`). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

type RawIssue = z.core.$ZodRawIssue;

/** The keys an object schema allows, read from the schema that raised the issue. */
function allowedKeys(issue: RawIssue): string[] {
  const def = (issue.inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def;
  return Object.keys(def?.shape ?? {});
}

function unknownKeyMessage(key: string, allowed: string[]): string {
  const hint = suggest(key, allowed);
  if (hint !== undefined) return `unknown key (did you mean "${hint}"?)`;
  return allowed.length > 0 ? `unknown key; allowed keys: ${allowed.join(', ')}` : 'unknown key';
}

function expectedOf(issue: RawIssue): string {
  if (issue.code === 'invalid_type') return expectedWords[issue.expected] ?? issue.expected;
  if (issue.code === 'invalid_value') return issue.values.map((v) => JSON.stringify(v)).join(' or ');
  return 'a different value';
}

/**
 * Zod error map giving every built-in issue plain words. Schemas that set their own `error`
 * (see config-fields.ts) win over it. Unknown keys come back one message a line, per key,
 * and `issuesFromZod` splits them.
 */
export function configErrorMap(issue: RawIssue): string | undefined {
  const got = describeValue(issue.input);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'required';
      return `must be ${expectedOf(issue)} (got ${got})`;
    case 'invalid_value':
      if (issue.values.length === 1) return `must be ${JSON.stringify(issue.values[0])} (got ${got})`;
      return `must be one of ${issue.values.map((v) => String(v)).join(', ')} (got ${got})`;
    case 'unrecognized_keys':
      return issue.keys.map((key) => unknownKeyMessage(key, allowedKeys(issue))).join('\n');
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
      if (issue.origin === 'string') return `must be ${bound} characters long (got ${got})`;
      if (issue.origin === 'array') return `must have ${bound} items (got ${got})`;
      return `must be ${bound} (got ${got})`;
    }
    case 'invalid_union': {
      const options = issue.errors.map((branch) => branch.find((inner) => inner.path.length === 0));
      const words = options.filter((o) => o !== undefined).map((o) => expectedOf(o as RawIssue));
      return words.length > 0
        ? `must be ${[...new Set(words)].join(' or ')} (got ${got})`
        : `is not valid (got ${got})`;
    }
    case 'invalid_key':
      return `invalid key ${got}: ${issue.issues.map((inner) => inner.message).join('; ')}`;
    case 'invalid_format':
      return `has the wrong format (got ${got})`;
    default:
      return undefined;
  }
}

/** Zod's issues as conflux Issues, one per unknown key, paths as zod gives them. */
export function issuesFromZod(error: z.ZodError): Issue[] {
  const issues: Issue[] = [];
  for (const issue of error.issues) {
    const path = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const messages = issue.message.split('\n');
      issue.keys.forEach((key, i) => {
        issues.push({ path: [...path, key], message: messages[i] ?? 'unknown key' });
      });
    } else {
      issues.push({ path, message: issue.message });
    }
  }
  return issues;
}

/**
 * Parses `raw` with `schema`, returning the value or every issue in plain words.
 * @example const result = checkWith(fileSinkConfig, { type: 'file' }) // → {ok: false, issues: [{path: ['path'], …}]}
 */
export function checkWith<S extends z.ZodType>(
  schema: S,
  raw: unknown,
): { ok: true; value: z.output<S> } | { ok: false; issues: Issue[] } {
  const result = schema.safeParse(raw, { reportInput: true, error: configErrorMap });
  return result.success ? { ok: true, value: result.data } : { ok: false, issues: issuesFromZod(result.error) };
}

/**
 * Parses a function's own config, throwing one ConfluxError listing every problem
 * (`sink.table: required`) — what a handler does with the config it was deployed with.
 */
export function parseWith<S extends z.ZodType>(schema: S, raw: unknown, prefix: (string | number)[] = []): z.output<S> {
  const result = checkWith(schema, raw);
  if (result.ok) return result.value;
  const lines = result.issues.map((issue) => `${formatConfigPath([...prefix, ...issue.path])}: ${issue.message}`);
  throw new ConfluxError('config.invalid', lines.join('\n'), {
    path: formatConfigPath([...prefix, ...(result.issues[0]?.path ?? [])]),
  });
}
