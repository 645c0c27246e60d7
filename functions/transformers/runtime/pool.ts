import { Isolate, type IsolateSettings } from './isolate.js';

/** A handler worker's heap limit unless its spec says otherwise (`memoryMb`). */
export const DEFAULT_MEMORY_MB = 256;

interface Entry {
  isolate: Isolate;
  users: number;
}

const warm = new Map<string, Entry>();

/** A borrowed isolate; `release` hands it back (the last user stops the worker). */
export interface Lease {
  isolate: Isolate;
  release(): Promise<void>;
}

/**
 * Borrows the warm isolate for a handler (same file, export, memory limit and function info), or
 * starts one: transforms that share a handler share its worker, so `conflux transform test` over
 * many cases and a task's lanes pay for loading the handler once.
 */
export function acquireIsolate(settings: IsolateSettings): Lease {
  const key = JSON.stringify(settings);
  let entry = warm.get(key);
  if (entry === undefined) {
    entry = { isolate: new Isolate(settings), users: 0 };
    warm.set(key, entry);
  }
  entry.users++;
  const held = entry;
  let released = false;
  return {
    isolate: held.isolate,
    release: async () => {
      if (released) return;
      released = true;
      held.users--;
      if (held.users > 0) return;
      warm.delete(key);
      await held.isolate.close();
    },
  };
}
