import type { Issue } from '../../bus/errors.js';
import { constant } from './constant/core.js';
import { InvalidTransformError } from './errors.js';
import type { CheckOptions, CompileOptions, FormName, TransformForm } from './form.js';
import { functionForm } from './function/core.js';
import { jsonataForm } from './jsonata/core.js';
import { jsonpath } from './jsonpath/core.js';
import { original } from './original/core.js';
import { type CompiledTransform, checkFormSpec, compileForm } from './run.js';
import { template } from './template/core.js';

export { type CompiledTransform, pipelineTransform } from './run.js';

/** Every form, by the name users write in `form:`. */
export const forms: Readonly<Record<FormName, TransformForm>> = {
  ORIGINAL: original,
  JSONPATH: jsonpath,
  CONSTANT: constant,
  TEMPLATE: template,
  FUNCTION: functionForm,
  JSONATA: jsonataForm,
};

const NAMES = Object.keys(forms) as FormName[];

/**
 * Every problem with a transform spec, each with its path inside the spec. Empty when valid.
 * With `baseDir` (the conflux.yaml folder), a FUNCTION handler file must also exist there; with
 * `dialect: 'alibaba'`, Alibaba's rules apply (a TEMPLATE may name variables it does not declare).
 *
 * @example checkTransform({ form: 'JSONPATH', value: 'data' }) // [{ path: ['value'], message: 'not a definite JSONPath: …' }]
 */
export function checkTransform(spec: unknown, options: CheckOptions = {}): Issue[] {
  const form = formOf(spec);
  return 'issue' in form ? [form.issue] : checkFormSpec(form.form, spec as Record<string, unknown>, options);
}

/**
 * Validates and compiles a spec; `baseDir` resolves FUNCTION handler paths (default: the current
 * folder). Throws InvalidTransformError (with every issue) when the spec is invalid.
 *
 * @example const run = compileTransform({ form: 'CONSTANT', value: 'hi' }); await run(event) // ['hi']
 */
export function compileTransform(spec: unknown, options: Partial<CompileOptions> = {}): CompiledTransform {
  const form = formOf(spec);
  if ('issue' in form) throw new InvalidTransformError([form.issue]);
  return compileForm(form.form, spec as Record<string, unknown>, {
    ...options,
    baseDir: options.baseDir ?? process.cwd(),
  });
}

function formOf(spec: unknown): { form: TransformForm } | { issue: Issue } {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    return { issue: { path: [], message: `a transform is an object with a form (one of ${NAMES.join(', ')})` } };
  }
  const name = (spec as { form?: unknown }).form;
  if (name === undefined) return { issue: { path: ['form'], message: `form is required: one of ${NAMES.join(', ')}` } };
  const form = typeof name === 'string' && Object.hasOwn(forms, name) ? forms[name as FormName] : undefined;
  if (form === undefined) {
    return {
      issue: { path: ['form'], message: `unknown form ${JSON.stringify(name)}; expected one of ${NAMES.join(', ')}` },
    };
  }
  return { form };
}
