import { ConfluxError } from '../../bus/errors.js';
import type { PipelineParts } from '../../bus/task/prepare-events.js';
import type { ValueFormat } from '../adapters/kafka-event.js';
import { type BatchHandler, createBatchHandler } from '../adapters/lambda/batch-handler.js';
import { loadJsonataIfNamed } from './jsonata/engine.js';
import { type CompiledTransform, pipelineTransform } from './run.js';

/** The environment a deployed transformer reads its spec and settings from. */
export const TRANSFORM_ENV = {
  /** The transform spec as JSON; `form` may be left out (the bundle's own form). */
  spec: 'CONFLUX_TRANSFORM',
  /** Where relative FUNCTION handler paths start; else LAMBDA_TASK_ROOT, else the current folder. */
  baseDir: 'CONFLUX_BASE_DIR',
  /** How a Kafka record value becomes `data.value`: json (default when it parses), text, binary. */
  valueFormat: 'CONFLUX_VALUE_FORMAT',
} as const;

/** What a transformer bundle plugs in: its form and how to compile a spec of it. */
export interface TransformerHandlerOptions {
  form: string;
  compile(spec: Record<string, unknown>, options: { baseDir: string; functionName: string }): CompiledTransform;
  /** The environment to read (tests pass their own). */
  env?: NodeJS.ProcessEnv;
}

/** A transformer's Lambda answer: failed records, and the outputs of the others in order. */
export interface TransformerLambdaResult {
  batchItemFailures: { itemIdentifier: { partition: string; offset: number } }[];
  outputs: string[];
}

/**
 * The Lambda `handler` (with FC's as `.fc`) of a transformer bundle. The spec comes from
 * `CONFLUX_TRANSFORM` and is compiled once per warm instance; each invocation's events run through
 * the pipeline core as a task's do (createBatchHandler: the depth check, then the transform; a
 * FUNCTION handler gets them all in one call, each alone only when that call fails). Lambda gets
 * `{batchItemFailures, outputs}` (a failed record fails alone), FC the outputs (and an error naming
 * the failed events, if any).
 *
 * @example export const handler = createTransformerHandler({ form: 'JSONPATH', compile }); export const fcHandler = handler.fc;
 */
export function createTransformerHandler(
  options: TransformerHandlerOptions,
): BatchHandler<TransformerLambdaResult, string[]> {
  const env = options.env ?? process.env;
  let cached: { text: string | undefined; parts: PipelineParts } | undefined;
  const prepare = async (): Promise<PipelineParts> => {
    const text = env[TRANSFORM_ENV.spec];
    if (cached === undefined || cached.text !== text) {
      await loadJsonataIfNamed(options.form, text);
      cached = { text, parts: pipelineTransform(compileFromEnv(options, env, text)) };
    }
    return cached.parts;
  };
  const flatten = (outcomes: { ok: boolean; value?: string[] }[]) => outcomes.flatMap((o) => (o.ok ? o.value! : []));
  return createBatchHandler({
    prepare,
    lambdaResult: (outcomes) => ({ outputs: flatten(outcomes) }),
    fcResult: flatten,
    decode: { valueFormat: env[TRANSFORM_ENV.valueFormat] as ValueFormat | undefined },
  });
}

function compileFromEnv(
  options: TransformerHandlerOptions,
  env: NodeJS.ProcessEnv,
  text: string | undefined,
): CompiledTransform {
  let spec: unknown = { form: options.form };
  if (text !== undefined && text.trim() !== '') {
    try {
      spec = JSON.parse(text);
    } catch (error) {
      throw new ConfluxError('transform.invalid', `${TRANSFORM_ENV.spec} is not JSON: ${(error as Error).message}`);
    }
  }
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new ConfluxError('transform.invalid', `${TRANSFORM_ENV.spec} must hold a JSON object (a transform spec)`);
  }
  const record = spec as Record<string, unknown>;
  const form = record.form ?? options.form;
  if (form !== options.form) {
    throw new ConfluxError('transform.invalid', `this bundle runs form ${options.form}, not ${JSON.stringify(form)}`, {
      path: 'form',
    });
  }
  const baseDir = env[TRANSFORM_ENV.baseDir] ?? env.LAMBDA_TASK_ROOT ?? process.cwd();
  const functionName =
    env.AWS_LAMBDA_FUNCTION_NAME ?? env.FC_FUNCTION_NAME ?? `transformer-${options.form.toLowerCase()}`;
  return options.compile({ ...record, form }, { baseDir, functionName });
}
