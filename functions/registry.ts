import type { FunctionEntry } from './entry.js';
import { sinks } from './sinks/index.js';
import { sources } from './sources/index.js';
import { transformers } from './transformers/index.js';

export type { FunctionEntry } from './entry.js';

/** The one list of functions: the emulator, the bundler and the serverless.yml check read it. */
export const registry: readonly FunctionEntry[] = [...sources, ...transformers, ...sinks];

/** The entry of a kind and type, e.g. `findFunction('sink', 'file')`. */
export function findFunction(kind: FunctionEntry['kind'], type: string): FunctionEntry | undefined {
  return registry.find((entry) => entry.kind === kind && entry.type === type);
}
