import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { parseHandlerRef } from '../../functions/transformers/runtime/handler-ref.js';

/** The real path (symbolic links followed) of what exists; the path itself otherwise. */
function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function within(folder: string, path: string): boolean {
  const inside = relative(folder, path);
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside);
}

/**
 * Why a FUNCTION spec's handler may not be loaded, or `undefined` when it may: the file must lie
 * inside one of `folders` (the first, the project folder, resolves relative paths), symbolic links
 * followed, so a handler path can never name an arbitrary file on disk. Other forms pass.
 *
 * @example handlerOutside({ form: 'FUNCTION', handler: '/tmp/x.mjs#h' }, ['/home/me/proj']) // "handler: …"
 */
export function handlerOutside(spec: Record<string, unknown>, folders: readonly string[]): string | undefined {
  if (spec.form !== 'FUNCTION' || typeof spec.handler !== 'string') return undefined;
  const ref = parseHandlerRef(spec.handler);
  if ('message' in ref) return undefined; // the transform's own check names what is wrong
  const file = real(resolve(folders[0]!, ref.file));
  if (folders.some((folder) => within(real(folder), file))) return undefined;
  return `handler: ${JSON.stringify(ref.file)} is outside the project folder; the tester loads handlers only from there (or from a folder given with --handler-dir)`;
}
