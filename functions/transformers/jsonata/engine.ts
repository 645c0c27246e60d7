import { createRequire } from 'node:module';
import type Jsonata from 'jsonata';
import { ConfluxError } from '../../../bus/errors.js';

/** The jsonata package's entry: `jsonata(expression, options)` compiles an expression. */
export type JsonataEngine = typeof Jsonata;

let engine: JsonataEngine | undefined;

/**
 * Loads the jsonata engine. A deployed function's bundle holds it as a chunk of its own, loaded
 * only by a task that uses JSONATA (its 80 KB would otherwise be in every sink's and source's
 * bundle and cold start): the deployed handlers call this before checking such a task.
 *
 * @example if (settings.includes('"JSONATA"')) await loadJsonata()
 */
export async function loadJsonata(): Promise<void> {
  engine ??= ((await import('jsonata')) as { default: JsonataEngine }).default;
}

/** The engine: loaded already, or (outside a bundle) from the installed package now. */
export function jsonataEngine(): JsonataEngine {
  if (engine !== undefined) return engine;
  try {
    // not `require`: a bundler must leave this alone; in a bundle the chunk comes from loadJsonata
    const load = createRequire(import.meta.url);
    engine = load('jsonata') as JsonataEngine;
    return engine;
  } catch (error) {
    throw new ConfluxError(
      'transform.jsonata-not-loaded',
      'the jsonata engine was not loaded (call loadJsonata first)',
      {
        cause: error,
      },
    );
  }
}

/**
 * Loads jsonata when any of `settings` (a deployed task's environment values, a form name) names
 * the JSONATA form; a task without it never loads the engine.
 */
export async function loadJsonataIfNamed(...settings: (string | undefined)[]): Promise<void> {
  if (settings.some((text) => text?.includes('JSONATA'))) await loadJsonata();
}
