import type { Issue } from '../../../bus/errors.js';

/** Where a FUNCTION handler lives: `path/file.mjs#export` (the export defaults to `handler`). */
export interface HandlerRef {
  file: string;
  exportName: string;
}

const EXTENSIONS = ['.mjs', '.js', '.ts'];
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Splits `handler: "path/file.mjs#export"` into file and export, or says what is wrong with it.
 *
 * @example parseHandlerRef('transforms/tag.mjs#tag') // { file: 'transforms/tag.mjs', exportName: 'tag' }
 */
export function parseHandlerRef(text: string): HandlerRef | Issue {
  const hash = text.lastIndexOf('#');
  const file = hash === -1 ? text : text.slice(0, hash);
  const exportName = hash === -1 ? 'handler' : text.slice(hash + 1);
  if (file === '') return { path: ['handler'], message: 'handler needs a file: "path/file.mjs#export"' };
  if (!EXTENSIONS.some((ext) => file.endsWith(ext))) {
    return { path: ['handler'], message: `handler file must end in ${EXTENSIONS.join(', ')}: ${JSON.stringify(file)}` };
  }
  if (!IDENTIFIER.test(exportName)) {
    return { path: ['handler'], message: `handler export ${JSON.stringify(exportName)} is not a JavaScript name` };
  }
  return { file, exportName };
}
