import type { FunctionEntry } from '../entry.js';

/** Every sink conflux ships; each entry's folder holds its code. */
export const sinks: FunctionEntry[] = [];
