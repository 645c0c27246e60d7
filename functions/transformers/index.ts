import type { FunctionEntry } from '../entry.js';

/** Every transformer conflux ships; each entry's folder holds its code. */
export const transformers: FunctionEntry[] = [];
