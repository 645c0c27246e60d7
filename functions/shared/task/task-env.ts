import { ConfluxError, formatConfigPath, messageOf } from '../../../bus/errors.js';
import type { Dialect } from '../../../bus/pattern/index.js';
import type { SinkWriter } from '../../../bus/task/contract.js';
import { compileFilter } from '../../../bus/task/filter.js';
import type { ValueFormat } from '../../adapters/kafka-event.js';
import { deployableSourceTypes } from '../../adapters/lambda/event-sources.js';
import { type DeployedSource, readDeployedSource } from '../../adapters/source/deployed-source.js';
import { compileTransform } from '../../transformers/compile.js';
import type { SettingsCheck } from '../settings/deployed-settings.js';
import type { Prepared } from './sink-batch.js';

/** The environment every deployed task function reads besides its output's settings (`conflux package` writes them). */
export const TASK_ENV = {
  /** The task's transform spec as JSON; omitted: ORIGINAL (the whole event). */
  transform: 'CONFLUX_TRANSFORM',
  /** The task's event pattern as JSON; omitted: every event passes. */
  filter: 'CONFLUX_FILTER',
  /** The pattern dialect: aws (default) or alibaba. */
  dialect: 'CONFLUX_DIALECT',
  /** How a Kafka record value becomes `data.value`: json, text or binary. */
  valueFormat: 'CONFLUX_VALUE_FORMAT',
  /** Where relative paths (file sink, FUNCTION handler) start; else LAMBDA_TASK_ROOT, else the current folder. */
  baseDir: 'CONFLUX_BASE_DIR',
  /**
   * The task's source settings as JSON: `type` picks the trigger an invocation without an envelope
   * comes from (mqtt: an IoT rule), and the HTTP source's `methods` and `token` gate requests as in
   * the emulator. A source function knows its type: there `type` may be left out.
   */
  source: 'CONFLUX_SOURCE',
  /** The task's name: the `source` of an HTTP task's events, as in the emulator. */
  task: 'CONFLUX_TASK',
} as const;

/**
 * Where a task function writes: the variable holding the settings (`CONFLUX_SINK`, `CONFLUX_TARGET`),
 * the config path its issues are named under, the check and the connect of the writer.
 */
export interface TaskOutput<C> {
  variable: string;
  /** `sink` or `target`: issues read `sink.topic: required`. */
  path: string;
  /** The words for what the variable holds, for "is not set; it holds …". */
  what: string;
  /** A sink's `type`: filled in when left out, and anything else refused. */
  type?: string;
  settings: SettingsCheck<C>;
  connect(config: C, context: { baseDir: string }): Promise<SinkWriter>;
}

/**
 * The output's settings, checked with `<path>.<field>` issue paths, then the filter, the transform
 * (ready) and the connected writer: a task's pieces, once per warm container.
 */
export async function prepareTask<C>(
  output: TaskOutput<C>,
  functionName: string,
  env: NodeJS.ProcessEnv,
): Promise<Prepared> {
  const config = readOutput(output, env);
  const dialect = (env[TASK_ENV.dialect] ?? 'aws') as Dialect;
  const pattern = readJson(env, TASK_ENV.filter);
  const filter = pattern === undefined ? undefined : compileFilter(pattern, dialect);
  const baseDir = env[TASK_ENV.baseDir] ?? env.LAMBDA_TASK_ROOT ?? process.cwd();
  const name = env.AWS_LAMBDA_FUNCTION_NAME ?? env.FC_FUNCTION_NAME ?? functionName;
  const spec = readJson(env, TASK_ENV.transform) ?? { form: 'ORIGINAL' };
  const transform = compileTransform(spec, { baseDir, functionName: name, dialect });
  await transform.ready();
  const sink = await output.connect(config, { baseDir }).catch(async (error: unknown) => {
    await transform.close();
    throw error;
  });
  const valueFormat = env[TASK_ENV.valueFormat] as ValueFormat | undefined;
  return {
    ...(filter === undefined ? {} : { filter }),
    transform,
    sink,
    decode: valueFormat === undefined ? {} : { valueFormat },
  };
}

/** The output's settings from its variable, checked; a problem is a `config.invalid` error naming the variable and the field. */
export function readOutput<C>(output: TaskOutput<C>, env: NodeJS.ProcessEnv): C {
  const raw = readJson(env, output.variable);
  if (raw === undefined)
    throw new ConfluxError('config.invalid', `${output.variable} is not set; it holds ${output.what}`);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfluxError('config.invalid', `${output.variable} must hold a JSON object (${output.what})`);
  }
  const settings = output.type === undefined ? raw : { type: output.type, ...raw };
  if (output.type !== undefined && (settings as { type?: unknown }).type !== output.type) {
    const got = JSON.stringify((settings as { type?: unknown }).type);
    throw new ConfluxError('config.invalid', `this bundle is the ${output.type} ${output.path}, not ${got}`, {
      path: `${output.path}.type`,
    });
  }
  const { value, issues } = output.settings(settings);
  if (issues.length > 0) {
    const lines = issues.map((issue) => `${formatConfigPath([output.path, ...issue.path])}: ${issue.message}`);
    throw new ConfluxError('config.invalid', `${output.variable} is not valid:\n${lines.join('\n')}`, {
      path: formatConfigPath([output.path, ...issues[0]!.path]),
    });
  }
  return value;
}

/**
 * The task's source settings (CONFLUX_SOURCE). A source function passes its own `type`: the
 * settings may leave it out (unset: that type's defaults), and another type is refused.
 */
export function readTaskSource(env: NodeJS.ProcessEnv, type?: DeployedSource['type']): DeployedSource | undefined {
  const name = TASK_ENV.source;
  const text = env[name];
  if (type === undefined) return readDeployedSource(name, text, deployableSourceTypes);
  const raw = readJson(env, name) ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return readDeployedSource(name, text, deployableSourceTypes);
  const settings = { type, ...raw } as Record<string, unknown>;
  if (settings.type !== type) {
    throw new ConfluxError(
      'config.invalid',
      `${name} is not valid: source.type: this function is the ${type} source, not ${JSON.stringify(settings.type)}`,
      { path: 'source.type' },
    );
  }
  return readDeployedSource(name, JSON.stringify(settings), deployableSourceTypes);
}

function readJson(env: NodeJS.ProcessEnv, name: string): unknown {
  const text = env[name];
  if (text === undefined || text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfluxError('config.invalid', `${name} is not JSON: ${messageOf(error)}`);
  }
}
