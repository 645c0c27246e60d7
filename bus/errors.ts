/**
 * The base of every conflux error: a stable `code`, a message a user can act on, the
 * JSON path or config path it concerns (when one applies), whether retrying can help,
 * and the underlying `cause`.
 *
 * @example throw new ConfluxError('pattern.invalid', 'prefix match pattern must be a string', { path: '$.detail.a' })
 */
export class ConfluxError extends Error {
  readonly code: string;
  readonly path: string | undefined;
  readonly retriable: boolean;

  constructor(code: string, message: string, options: { path?: string; retriable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.path = options.path;
    this.retriable = options.retriable ?? false;
  }
}

/** Narrows an unknown thrown value to a message worth printing. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** One problem found while validating input: where (path segments) and what was expected. */
export interface Issue {
  path: (string | number)[];
  message: string;
}

/** `['tasks', 0, 'filter', 'a.b']` → `tasks[0].filter["a.b"]` — the form `conflux validate` prints. */
export function formatConfigPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out === '' ? '(root)' : out;
}

/** `['data', 'a b', 0]` → `$.data['a b'][0]` — the JSON path form used for patterns and events. */
export function formatJsonPath(path: readonly (string | number)[]): string {
  let out = '$';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) out += `.${segment}`;
    else out += `[${JSON.stringify(segment).replaceAll("'", "\\'").replace(/^"|"$/g, "'")}]`;
  }
  return out;
}
