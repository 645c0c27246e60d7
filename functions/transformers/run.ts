import type { Issue } from '../../bus/errors.js';
import type { CloudEvent } from '../../bus/event.js';
import type { TaskParts } from '../../bus/task/contract.js';
import { InvalidTransformError } from './errors.js';
import type { CheckOptions, CompileOptions, FormName, TransformForm } from './form.js';

/**
 * A compiled transform: one event in, the payloads a sink receives out (each exactly as sent).
 * `originalText` is the event's compact JSON when the runtime still has it (ORIGINAL and
 * FUNCTION then skip serialising the event again).
 */
export interface CompiledTransform {
  (event: CloudEvent, originalText?: string): Promise<string[]>;
  /** The form the spec was compiled by. */
  readonly form: FormName;
  /** True when `batch` hands the whole batch to one call (FUNCTION), not event by event. */
  readonly batched: boolean;
  /** True when the form uses `originalText` (ORIGINAL, FUNCTION): worth putting together if cheap. */
  readonly takesText: boolean;
  /**
   * The same outputs, handed back at once by the forms that need not wait (all but JSONATA and
   * FUNCTION), so a runtime's loop pays for no promise and no await per event; a failure throws.
   */
  outputs(event: CloudEvent, originalText?: string): string[] | Promise<string[]>;
  /**
   * The outputs of a batch, in event order. FUNCTION hands the whole batch to one handler call;
   * with `originalTexts` (each event's compact JSON) it joins them instead of serialising again.
   */
  batch(events: readonly CloudEvent[], originalTexts?: readonly string[]): Promise<string[]>;
  /** Resolves once the transform can run; rejects with InvalidTransformError if it never will. */
  ready(): Promise<void>;
  /** Releases what the transform holds (a FUNCTION worker); safe to call twice. */
  close(): Promise<void>;
}

/**
 * A compiled transform as the pipeline core runs it (bus/task/prepare-events.ts), in the emulator
 * and in a deployed function alike: the outputs at once where the form has them, and FUNCTION's
 * whole-batch call, so a batch of events is one handler call.
 */
export function pipelineTransform(transform: CompiledTransform): Pick<TaskParts, 'transform' | 'transformBatch'> {
  return { transform: transform.outputs, ...(transform.batched ? { transformBatch: transform.batch } : {}) };
}

/** Unknown keys, then the form's own checks: every issue, with its path inside the spec. */
export function checkFormSpec(form: TransformForm, spec: Record<string, unknown>, options: CheckOptions = {}): Issue[] {
  const issues: Issue[] = [];
  for (const key of Object.keys(spec)) {
    if (key !== 'form' && !form.keys.includes(key)) {
      const known = form.keys.length === 0 ? 'no other keys' : form.keys.join(', ');
      issues.push({ path: [key], message: `unknown key for form ${form.form} (it takes ${known})` });
    }
  }
  return [...issues, ...form.check(spec, options)];
}

/**
 * Checks and compiles a spec of one form into a CompiledTransform. The bundles call it with their
 * own form only, so each bundle carries just that form's code.
 */
export function compileForm(
  form: TransformForm,
  spec: Record<string, unknown>,
  options: CompileOptions,
): CompiledTransform {
  const issues = checkFormSpec(form, spec, options);
  if (issues.length > 0) throw new InvalidTransformError(issues);
  const compiled = form.compile(spec, options);
  const one = compiled.transform;
  const outputs = (event: CloudEvent, originalText?: string): string[] | Promise<string[]> => {
    const result = one(event, originalText);
    if (typeof result === 'string') return [result];
    if (Array.isArray(result)) return result;
    return result.then((settled) => (typeof settled === 'string' ? [settled] : settled));
  };
  const transform = (event: CloudEvent, originalText?: string): Promise<string[]> => {
    try {
      return Promise.resolve(outputs(event, originalText));
    } catch (error) {
      return Promise.reject(error);
    }
  };
  const batch =
    compiled.batch ??
    (async (events: readonly CloudEvent[], originalTexts?: readonly string[]) => {
      const outputs: string[] = [];
      for (let i = 0; i < events.length; i++) outputs.push(...(await transform(events[i]!, originalTexts?.[i])));
      return outputs;
    });
  return Object.assign(transform, {
    form: form.form,
    batched: compiled.batch !== undefined,
    takesText: form.takesText === true,
    outputs,
    batch,
    ready: compiled.ready ?? (async () => {}),
    close: compiled.close ?? (async () => {}),
  });
}
