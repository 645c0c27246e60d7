import { isAbsolute, relative, sep } from 'node:path';

/** What each errno code means, in words a user acts on. */
const ERRNO_WORDS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is not a folder',
  EEXIST: 'it exists already',
  ENOSPC: 'the disk is full',
  EROFS: 'the file system is read-only',
  EMFILE: 'too many open files',
};

/** A path as the user wrote it: relative to the project folder when inside it, else as given. */
function shown(path: string, baseDir: string): string {
  if (!isAbsolute(path)) return path;
  const inside = relative(baseDir, path);
  return inside === '' ? '.' : inside.startsWith('..') || isAbsolute(inside) ? path : inside;
}

/**
 * An error message as answers and logs show it: Node's errno text (`ENOENT: no such file or
 * directory, open '/home/me/proj/out/x.jsonl'`) becomes words and the path as the user wrote it
 * (`cannot open out/x.jsonl: no such file or folder`), and the project folder's absolute path is
 * left out wherever it appears.
 *
 * @example plainMessage("ENOENT: no such file or directory, open '/p/a.txt'", '/p') // "cannot open a.txt: no such file or folder"
 */
export function plainMessage(message: string, baseDir: string): string {
  const errno = message.replace(/\b(E[A-Z]{2,}): [^,]*, (\w+) '([^']*)'(?: -> '([^']*)')?/g, (_all, code, op, path) => {
    return `cannot ${op} ${shown(path, baseDir)}: ${ERRNO_WORDS[code] ?? code}`;
  });
  const folder = baseDir.endsWith(sep) ? baseDir : `${baseDir}${sep}`;
  return errno.replaceAll(folder, '');
}
