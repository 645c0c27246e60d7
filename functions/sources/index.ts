import type { FunctionEntry } from '../entry.js';

/** Every source conflux ships; each entry's folder holds its code. */
export const sources: FunctionEntry[] = [];
