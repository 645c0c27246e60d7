import type { Issue } from '../../bus/errors.js';
import type { CloudEvent } from '../../bus/event.js';

/** The transform forms of DESIGN.md "Transforms", as users write them in `form:`. */
export type FormName = 'ORIGINAL' | 'JSONPATH' | 'CONSTANT' | 'TEMPLATE' | 'FUNCTION' | 'JSONATA';

/** What compiling needs beyond the spec. */
export interface CompileOptions {
  /** Where relative FUNCTION handler paths start (the conflux.yaml folder, or the current one). */
  baseDir: string;
  /** The function name a FUNCTION handler sees in `context.function.name`. */
  functionName?: string;
}

/**
 * A spec compiled by its form. `transform` is synchronous for the pure forms (one string is one
 * output) and a promise for the forms that wait (JSONATA, FUNCTION).
 */
export interface FormTransform {
  transform(event: CloudEvent, originalText?: string): string | string[] | Promise<string | string[]>;
  /** Outputs of a whole batch in one go (FUNCTION: one handler call); else event by event. */
  batch?(events: readonly CloudEvent[], originalTexts?: readonly string[]): Promise<string[]>;
  /** Settles once the transform can run; rejects with InvalidTransformError when it never will. */
  ready?(): Promise<void>;
  /** Releases what the transform holds (FUNCTION: its worker). */
  close?(): Promise<void>;
}

/**
 * One form: which keys its spec takes, how it is checked (every problem, with its path inside the
 * spec) and how a checked spec is compiled. Each lives in `functions/transformers/<form>/core.ts`.
 */
export interface TransformForm {
  form: FormName;
  /** The keys a spec of this form may hold besides `form`; others are rejected. */
  keys: readonly string[];
  /**
   * Problems in a spec object of this form (unknown keys are checked before). With `baseDir`,
   * files the spec names (a FUNCTION handler) must exist there.
   */
  check(spec: Record<string, unknown>, options?: { baseDir?: string }): Issue[];
  /**
   * True when the form makes use of the event's compact JSON if the runtime has it (ORIGINAL,
   * FUNCTION), so the runtime knows whether putting that text together is worth it.
   */
  takesText?: boolean;
  /** Compiles a spec that `check` accepted. */
  compile(spec: Record<string, unknown>, options: CompileOptions): FormTransform;
}

/**
 * ApsaraMQ for Kafka's limit on a transform's `value`: a CONSTANT's text, a JSONPATH's path, each
 * TEMPLATE variable and the TEMPLATE variables together, at most 1,024 characters each.
 */
export const VALUE_MAX_CHARS = 1_024;

/** True for a plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The issue for a required string field that is absent or not a string; empty when it is fine. */
export function checkString(spec: Record<string, unknown>, key: string, maxLength = Infinity): Issue[] {
  const value = spec[key];
  if (value === undefined) return [{ path: [key], message: `${key} is required` }];
  if (typeof value !== 'string') return [{ path: [key], message: `${key} must be a string, got ${typeName(value)}` }];
  if (value.length > maxLength) {
    return [{ path: [key], message: `${key} is ${value.length} characters; at most ${maxLength} are allowed` }];
  }
  return [];
}

/** `null`, `array`, or the `typeof` — how messages name what they got. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}
