import { readFile } from 'node:fs/promises';
import { ApiError } from '../api-error.js';
import type { Reply, Route } from '../http/server.js';
import { type ConsoleTesters, testerRoutes } from './testers.js';

export type { ConsoleTesters, PatternAnswer, TransformAnswer } from './testers.js';

/** The asset kinds the console is made of; anything else in this folder (its TypeScript) is not served. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
};

/** A plain file name, so a request never reaches outside this folder. */
const ASSET = /^\/console\/([a-z0-9][a-z0-9-]*\.(?:html|js|css|svg))$/;

/** Reads an asset from this folder at request time (no build step: the files are served as written). */
async function asset(file: string): Promise<Reply> {
  const extension = file.slice(file.lastIndexOf('.') + 1);
  try {
    const text = await readFile(new URL(file, import.meta.url), 'utf8');
    return { status: 200, text, contentType: CONTENT_TYPES[extension]! };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new ApiError(404, 'console.not-found', `no console file named ${file}`);
    throw error;
  }
}

/**
 * The web console (DESIGN.md "Emulator services"): `GET /` serves the page, `GET /console/<file>`
 * its scripts and styles, and `POST /api/test/pattern|transform` the live tester it calls. The
 * testers come from infra, which knows the transformers and the config's dialect.
 *
 * @example serve([...taskRoutes(emulator), ...consoleRoutes(consoleTesters({ dialect, baseDir }))], 4010)
 */
export function consoleRoutes(testers: ConsoleTesters): Route[] {
  return [
    { method: 'GET', path: /^\/$/, exposure: 'page', handle: () => asset('index.html') },
    {
      method: 'GET',
      path: /^\/console\/([^/]*)$/,
      exposure: 'page',
      handle: async ({ params }) => {
        const name = `/console/${params[0]!}`;
        const match = name.match(ASSET);
        if (match === null) throw new ApiError(404, 'console.not-found', `no console file named ${params[0]!}`);
        return asset(match[1]!);
      },
    },
    ...testerRoutes(testers),
  ];
}
