// The shared transform benchmark's runner (../shared/bench/transforms/transform-reference.mjs):
// its fixed specs and reference evaluator, imported so that conflux runs exactly the same specs,
// and a way to run it as a peer process in the same session.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One fixed spec of the shared benchmark (the runner's `SPECS`). */
export interface BenchSpec {
  form: string;
  spec: string;
  value?: unknown;
  template?: string;
  expression?: string;
  handler?: string;
  timeoutMs?: number;
}

interface ReferenceModule {
  SPECS: BenchSpec[];
  referenceTransform(spec: BenchSpec, event: unknown): string;
}

/** Where the runner lives: `../shared` beside the project. */
export const REFERENCE_RUNNER = fileURLToPath(
  new URL('../../../../shared/bench/transforms/transform-reference.mjs', import.meta.url),
);

/** Loads the runner as a module (its main only runs when started as a script). */
export async function loadReference(): Promise<ReferenceModule> {
  if (!existsSync(REFERENCE_RUNNER)) throw new Error(`reference runner not found at ${REFERENCE_RUNNER}`);
  return (await import(new URL(`file://${REFERENCE_RUNNER}`).href)) as ReferenceModule;
}

/** The conflux transform spec for a benchmark spec (DESIGN.md's fields only). */
export function confluxSpec(c: BenchSpec): Record<string, unknown> {
  switch (c.form) {
    case 'CONSTANT':
    case 'JSONPATH':
      return { form: c.form, value: c.value };
    case 'TEMPLATE':
      return { form: c.form, value: c.value, template: c.template };
    case 'JSONATA':
      return { form: c.form, expression: c.expression };
    case 'FUNCTION':
      return { form: c.form, handler: c.handler, timeoutMs: c.timeoutMs };
    default:
      return { form: c.form };
  }
}

/** Runs the reference runner from the project root (so it finds jsonata and jsonpath-plus); its lines. */
export function runReference(dir: string, args: string[], cwd: string): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [REFERENCE_RUNNER, dir, ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`reference runner exited with ${code}`));
      else
        resolve(
          out
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line) as Record<string, unknown>),
        );
    });
  });
}
