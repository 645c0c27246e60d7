// PLACEHOLDER until the transformers land (issue 6): ORIGINAL only, same API.
import type { Issue } from '../../bus/errors.js';
import type { CloudEvent } from '../../bus/event.js';

/** A compiled transform: one event in, the payloads a sink receives out (each exactly as sent). */
export type CompiledTransform = (event: CloudEvent) => Promise<string[]>;

/** Every problem with a transform spec, with its path inside the spec. Empty when valid. */
export function checkTransform(spec: unknown): Issue[] {
  if (spec === null || typeof spec !== 'object') return [{ path: [], message: 'expected an object with a form' }];
  const form = (spec as { form?: unknown }).form;
  if (form !== 'ORIGINAL') return [{ path: ['form'], message: `unsupported form ${JSON.stringify(form)}` }];
  return [];
}

/** Validates and compiles a spec; `baseDir` resolves FUNCTION handler paths. */
export function compileTransform(spec: unknown, _options: { baseDir?: string } = {}): CompiledTransform {
  const issues = checkTransform(spec);
  if (issues.length > 0) throw new Error(issues[0]!.message);
  return async (event) => [JSON.stringify(event)];
}
