import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Where bundle.mjs writes the bundles cold.mjs starts. A folder named `dist`: @platformatic/kafka loads
 * its native.wasm from `../dist/native.wasm` relative to the module, which is then the bundle's own folder.
 */
export const DIST = join(tmpdir(), 'conflux-kafka-clients', 'dist');
