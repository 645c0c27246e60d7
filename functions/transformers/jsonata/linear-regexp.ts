import { setFlagsFromString } from 'node:v8';
import type { Issue } from '../../../bus/errors.js';
import { caseless } from './caseless.js';

// Regular expressions in JSONATA expressions run on V8's linear-time engine (the `l` flag), so no
// pattern and input can backtrack for ever: `$contains("aaaa…a!", /(a+)+b/)` took 34 s on a
// 28-character string with the backtracking engine, and is instant here. The engine has no
// backreferences, lookarounds, `i` or `u` flag: `i` is emulated (caseless.ts); the others are
// invalid at validation.

/** Whether the linear engine is there: undefined until first asked. */
let linear: boolean | undefined;

/** Whether this V8 has the linear engine (the flag is set once, at first use; a V8 that refuses it keeps backtracking). */
export function hasLinearRegExp(): boolean {
  if (linear === undefined) {
    try {
      setFlagsFromString('--enable-experimental-regexp-engine');
      // biome-ignore lint/complexity/useRegexLiterals: the l flag exists only once the engine is enabled at run time
      linear = new RegExp('a', 'l').test('a');
    } catch {
      linear = false;
    }
  }
  return linear;
}

/**
 * jsonata's `RegexEngine` option: given a regex literal of the expression, the same pattern on the
 * linear engine. Called with `new`, so it returns the object it builds.
 */
export function LinearRegExp(pattern: RegExp): RegExp {
  if (!pattern.flags.includes('i')) return new RegExp(pattern.source, `${pattern.flags}l`);
  const source = caseless(pattern.source);
  if (source === undefined)
    throw new SyntaxError(`${String(pattern)} cannot be made case-insensitive without the i flag`);
  return new RegExp(source, `${pattern.flags.replace('i', '')}l`);
}

/** The regex literals of a parsed expression that the linear engine cannot run, as issues at `expression`. */
export function nonLinearRegexIssues(ast: unknown): Issue[] {
  if (!hasLinearRegExp()) return [];
  const issues: Issue[] = [];
  const seen = new Set<unknown>();
  const stack: unknown[] = [ast];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null || seen.has(node)) continue;
    seen.add(node);
    if (node instanceof RegExp) {
      try {
        LinearRegExp(node);
      } catch {
        const message = `regular expression ${String(node)} cannot run in linear time: backreferences, lookarounds and the u flag are not supported`;
        issues.push({ path: ['expression'], message });
      }
      continue;
    }
    for (const value of Object.values(node)) stack.push(value);
  }
  return issues;
}
