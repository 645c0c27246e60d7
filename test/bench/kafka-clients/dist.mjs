import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where bundle.mjs writes the bundles cold.mjs starts. */
export const DIST = join(tmpdir(), 'conflux-kafka-clients');
