import type { Issue } from '../../bus/errors.js';

/** One step of a definite JSONPath: an object member name or an array index. */
export type PathKey = string | number;

/** A definite path parsed into its steps, or the reason it is not one. */
export type ParsedPath = { ok: true; keys: PathKey[] } | { ok: false; message: string };

/** A value of a TEMPLATE `value` map is a path when it is `$` or starts `$.` / `$[`; else a literal. */
export function isPath(text: string): boolean {
  return text === '$' || text.startsWith('$.') || text.startsWith('$[');
}

const MEMBER = /[^.[\]\s'"*()?@,:]/u;

/**
 * Parses a definite JSONPath — `$`, `$.a.b`, `$.a['b c']`, `$["a"]`, `$.a[0]` — into its steps.
 * Wildcards, filters, slices, negative indexes and `..` select more than one node, so they are
 * rejected: a transform path names exactly one place.
 *
 * @example parsePath("$.data['a b'][0]") // { ok: true, keys: ['data', 'a b', 0] }
 */
export function parsePath(path: string): ParsedPath {
  if (!path.startsWith('$')) return fail('a path starts with $');
  const keys: PathKey[] = [];
  let i = 1;
  while (i < path.length) {
    const c = path[i];
    if (c === '.') {
      if (path[i + 1] === '.') return fail(`recursive descent ".." at character ${i} is not a definite path`);
      let j = i + 1;
      while (j < path.length && MEMBER.test(path[j]!)) j++;
      if (j === i + 1) return fail(`expected a member name after "." at character ${i}`);
      keys.push(path.slice(i + 1, j));
      i = j;
    } else if (c === '[') {
      const step = bracket(path, i);
      if (!step.ok) return step;
      keys.push(step.key);
      i = step.end;
    } else {
      return fail(`unexpected ${JSON.stringify(c)} at character ${i}`);
    }
  }
  return { ok: true, keys };
}

type Step = { ok: true; key: PathKey; end: number } | { ok: false; message: string };

/** `[0]`, `['name']` or `["name"]` starting at `start`; quotes inside are escaped with `\`. */
function bracket(path: string, start: number): Step {
  const quote = path[start + 1];
  if (quote === "'" || quote === '"') {
    let name = '';
    let j = start + 2;
    while (j < path.length && path[j] !== quote) {
      if (path[j] === '\\') j++;
      if (j >= path.length) break;
      name += path[j];
      j++;
    }
    if (j >= path.length) return fail(`unterminated quoted name at character ${start}`);
    if (path[j + 1] !== ']') return fail(`expected "]" at character ${j + 1}`);
    return { ok: true, key: name, end: j + 2 };
  }
  const close = path.indexOf(']', start);
  const inner = close === -1 ? path.slice(start + 1) : path.slice(start + 1, close);
  if (close === -1) return fail(`unterminated "[" at character ${start}`);
  if (!/^(0|[1-9][0-9]*)$/.test(inner) || !Number.isSafeInteger(Number(inner))) {
    return fail(`[${inner}] at character ${start} is not a definite step (an array index ≥ 0 or a quoted name)`);
  }
  return { ok: true, key: Number(inner), end: close + 1 };
}

function fail(message: string): { ok: false; message: string } {
  return { ok: false, message: `not a definite JSONPath: ${message}` };
}

/** The issues of a path held at `at` inside a spec; empty when it parses. */
export function checkPath(path: string, at: Issue['path']): Issue[] {
  const parsed = parsePath(path);
  return parsed.ok ? [] : [{ path: at, message: parsed.message }];
}
