import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Issue } from '../../../bus/errors.js';
import type { CloudEvent } from '../../../bus/event.js';
import { type CompileOptions, checkString, type FormTransform, type TransformForm, typeName } from '../form.js';
import { type HandlerRef, parseHandlerRef } from '../runtime/handler-ref.js';
import { acquireIsolate, DEFAULT_MEMORY_MB } from '../runtime/pool.js';
import { handlerOutputs } from './outputs.js';

/** DESIGN.md: `timeoutMs` defaults to 3000. */
export const DEFAULT_TIMEOUT_MS = 3000;

const LIMITS = { timeoutMs: [1, 900_000], memoryMb: [16, 4096] } as const;

/**
 * FUNCTION: a Function Compute style handler, `handler: "path/file.mjs#export"`, run isolated in a
 * worker thread with a time limit (`timeoutMs`, default 3000) and a memory limit (`memoryMb`,
 * default 256). It gets `event`, a Buffer holding the JSON array of events, and an FC-like
 * `context`; a string result is one output, an array one output per element.
 *
 * @example functionForm.compile({ handler: 'fc.mjs#handler' }, { baseDir: '.' }).batch(events)
 */
export const functionForm: TransformForm = {
  form: 'FUNCTION',
  keys: ['handler', 'timeoutMs', 'memoryMb'],
  takesText: true,
  check: (spec, options = {}) => {
    const issues = checkString(spec, 'handler');
    if (issues.length === 0) {
      const ref = parseHandlerRef(spec.handler as string);
      if ('message' in ref) issues.push(ref);
      else if (options.baseDir !== undefined && !existsSync(handlerPath(ref, options.baseDir))) {
        issues.push({ path: ['handler'], message: `handler file not found: ${handlerPath(ref, options.baseDir)}` });
      }
    }
    for (const key of ['timeoutMs', 'memoryMb'] as const) issues.push(...checkLimit(spec[key], key));
    return issues;
  },
  compile: (spec, options) => compileFunction(spec, options),
};

function checkLimit(value: unknown, key: keyof typeof LIMITS): Issue[] {
  if (value === undefined) return [];
  const [min, max] = LIMITS[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const got = typeof value === 'number' ? String(value) : typeName(value);
    return [{ path: [key], message: `${key} must be a whole number from ${min} to ${max}, got ${got}` }];
  }
  return [];
}

/**
 * The text as UTF-8 in bytes of their own, since they are transferred to the worker: not
 * Buffer.from, whose small buffers share a pool; not TextEncoder.encode, which costs more.
 */
function utf8(text: string): Buffer {
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
  bytes.write(text);
  return bytes;
}

function handlerPath(ref: HandlerRef, baseDir: string): string {
  return isAbsolute(ref.file) ? ref.file : resolve(baseDir, ref.file);
}

function compileFunction(spec: Record<string, unknown>, options: CompileOptions): FormTransform {
  const ref = parseHandlerRef(spec.handler as string) as HandlerRef;
  const file = handlerPath(ref, options.baseDir);
  const timeoutMs = (spec.timeoutMs as number | undefined) ?? DEFAULT_TIMEOUT_MS;
  const memoryMb = (spec.memoryMb as number | undefined) ?? DEFAULT_MEMORY_MB;
  const lease = acquireIsolate({
    file,
    exportName: ref.exportName,
    memoryMb,
    timeoutMs,
    functionInfo: {
      name: options.functionName ?? 'conflux-transform',
      handler: spec.handler as string,
      memory: memoryMb,
      timeout: timeoutMs / 1000,
    },
  });
  // Start loading now, so the first event does not wait for it; failures surface through ready().
  lease.isolate.ready().catch(() => {});
  const run = async (text: string): Promise<string[]> =>
    handlerOutputs(await lease.isolate.call(utf8(text), timeoutMs));
  return {
    transform: (event: CloudEvent, originalText?: string) =>
      run(originalText === undefined ? `[${JSON.stringify(event)}]` : `[${originalText}]`),
    batch: (events, originalTexts) =>
      run(originalTexts === undefined ? JSON.stringify(events) : `[${originalTexts.join(',')}]`),
    ready: () => lease.isolate.ready(),
    close: () => lease.release(),
  };
}
