/** A user's project for the `conflux package` tests: a conflux.yaml and a FUNCTION handler (not a test file itself). */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One function of a generated serverless.yml, as the tests read it. */
export interface Fn {
  handler: string;
  package: { artifact: string };
  environment: Record<string, string>;
  events: Record<string, Record<string, unknown>>[];
}

export function project(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'conflux-package-'));
  mkdirSync(join(dir, 'handlers'));
  writeFileSync(
    join(dir, 'handlers/shout.mjs'),
    'export const shout = async (event) => JSON.parse(event.toString()).map((e) => String(e.data.value.id).toUpperCase());\n',
  );
  writeFileSync(join(dir, 'conflux.yaml'), yaml);
  return dir;
}
