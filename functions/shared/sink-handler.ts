import type { SinkWriter } from '../../bus/emulator/types.js';
import { ConfluxError, formatConfigPath, messageOf } from '../../bus/errors.js';
import type { CloudEvent } from '../../bus/event.js';
import { compilePattern, type Dialect } from '../../bus/pattern/index.js';
import { compileTransform } from '../transformers/compile.js';
import type { SettingsCheck } from './deployed-settings.js';
import { type DeployedSource, readDeployedSource } from './deployed-source.js';
import { type BatchResponse, type DecodeOptions, fcSource, lambdaSourceOf, lambdaSources } from './event-sources.js';
import type { ValueFormat } from './kafka-event.js';
import type { HttpReply } from './lambda-http.js';
import { count, deliver, type Prepared, type SinkResult } from './sink-batch.js';

export type { SinkResult } from './sink-batch.js';

/** The environment a deployed sink reads its task settings from (`conflux package` writes them). */
export const SINK_ENV = {
  /** The sink's settings as JSON, exactly the task's `sink` in conflux.yaml (`type` may be left out). */
  sink: 'CONFLUX_SINK',
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
   * The task's source settings as JSON, for a source other than Kafka (whose records say all):
   * `type` picks the trigger an invocation without an envelope comes from (mqtt: an IoT rule),
   * and the HTTP source's `methods` and `token` gate requests as in the emulator.
   */
  source: 'CONFLUX_SOURCE',
  /** The task's name: the `source` of an HTTP task's events, as in the emulator. */
  task: 'CONFLUX_TASK',
} as const;

/** What a sink bundle plugs in: its type, its settings check (`settings.ts`) and its `send.ts` connect. */
export interface SinkHandlerOptions<C> {
  type: string;
  settings: SettingsCheck<C>;
  connect(config: C, context: { baseDir: string }): Promise<SinkWriter>;
  /** The environment to read (tests pass their own). */
  env?: NodeJS.ProcessEnv;
}

/**
 * What a sink's Lambda entry answers, by trigger: Kafka's partial batch response with the counts,
 * the counts alone (Amazon MQ, IoT rule: a failure throws instead), or the HTTP response.
 */
export type SinkAnswer = (BatchResponse & SinkResult) | SinkResult | HttpReply;

/** A sink bundle's Lambda entry, with FC's as `.fc` and `.close()` to release the connection (tests). */
export interface SinkHandler {
  (invocation: unknown, context?: unknown): Promise<SinkAnswer>;
  fc(event: Buffer, context?: unknown): Promise<SinkResult>;
  close(): Promise<void>;
}

/**
 * The entry points of a sink bundle. The task's sink settings (`CONFLUX_SINK`, checked by the
 * sink's settings check with `sink.<field>` paths), filter and transform come from the environment; the
 * sink connects once per warm container. Each invocation decodes its records (the trigger's row in
 * `lambdaSources`: Kafka, Amazon MQ for RabbitMQ, an HTTP API request, an IoT rule for an mqtt task)
 * into the events the emulator's source would emit, filters and transforms them one by one in
 * delivery order, and writes the payloads in one `write`. Kafka answers with `batchItemFailures`
 * (`{partition: "<topic>-<partition>", offset}`); after a failed record, the later records of its
 * partition fail too, so a retry redelivers them in order. Amazon MQ and IoT fail the invocation
 * instead (naming every failed message); an HTTP request is answered 200 `{"id"}`, 405, 401 or 5xx.
 *
 * @example export const handler = createSinkHandler({ type: 'file', config: fileSinkConfig, connect }); export const fcHandler = handler.fc;
 */
export function createSinkHandler<C>(options: SinkHandlerOptions<C>): SinkHandler {
  const env = options.env ?? process.env;
  let cached: { key: string; prepared: Promise<Prepared> } | undefined;
  const prepare = (): Promise<Prepared> => {
    const key = JSON.stringify(Object.values(SINK_ENV).map((name) => env[name] ?? null));
    if (cached?.key !== key) {
      const previous = cached;
      const prepared = (async () => {
        if (previous !== undefined) await release(previous.prepared);
        return prepareFromEnv(options, env);
      })();
      prepared.catch(() => {
        if (cached?.prepared === prepared) cached = undefined; // retry the connection next time
      });
      cached = { key, prepared };
    }
    return cached.prepared;
  };
  let deployed: { text: string | undefined; source: DeployedSource | undefined } | undefined;
  const sourceOptions = (): DecodeOptions => {
    const text = env[SINK_ENV.source];
    if (deployed === undefined || deployed.text !== text) {
      deployed = { text, source: readDeployedSource(SINK_ENV.source, text) };
    }
    const { source } = deployed;
    const task = env[SINK_ENV.task];
    return { ...(source === undefined ? {} : { source }), ...(task ? { task } : {}) };
  };
  const lambda = async (invocation: unknown): Promise<SinkAnswer> => {
    const options = sourceOptions();
    const source = lambdaSourceOf(invocation, lambdaSources, options.source?.type);
    const refused = source.refuse?.(invocation, options);
    if (refused !== undefined) return refused as HttpReply;
    const prepared = await prepare();
    const items = source.items(invocation, { ...prepared.decode, ...options });
    const outcomes = await deliver(items, prepared, (id) => source.laneOf(id));
    return source.respond(outcomes, count(outcomes)) as SinkAnswer;
  };
  const fc = async (event: Buffer): Promise<SinkResult> => {
    const prepared = await prepare();
    const outcomes = await deliver(fcSource.items(event, prepared.decode), prepared, () => undefined);
    fcSource.respond(outcomes);
    return count(outcomes);
  };
  const close = async () => {
    const current = cached;
    cached = undefined;
    if (current !== undefined) await release(current.prepared);
  };
  return Object.assign(lambda, { fc, close });
}

async function release(prepared: Promise<Prepared>): Promise<void> {
  const parts = await prepared.catch(() => undefined);
  await parts?.transform.close();
  await parts?.sink.close();
}

async function prepareFromEnv<C>(options: SinkHandlerOptions<C>, env: NodeJS.ProcessEnv): Promise<Prepared> {
  const raw = readJson(env, SINK_ENV.sink, true);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfluxError('config.invalid', `${SINK_ENV.sink} must hold a JSON object (the task's sink settings)`);
  }
  const settings = { type: options.type, ...raw } as Record<string, unknown>;
  if (settings.type !== options.type) {
    throw new ConfluxError(
      'config.invalid',
      `this bundle is the ${options.type} sink, not ${JSON.stringify(settings.type)}`,
      {
        path: 'sink.type',
      },
    );
  }
  const { value: config, issues } = options.settings(settings);
  if (issues.length > 0) {
    const lines = issues.map((issue) => `${formatConfigPath(['sink', ...issue.path])}: ${issue.message}`);
    throw new ConfluxError('config.invalid', `${SINK_ENV.sink} is not valid:\n${lines.join('\n')}`, {
      path: formatConfigPath(['sink', ...issues[0]!.path]),
    });
  }
  const dialect = (env[SINK_ENV.dialect] ?? 'aws') as Dialect;
  const pattern = readJson(env, SINK_ENV.filter, false);
  const filter = pattern === undefined ? undefined : compilePattern(pattern, { dialect });
  const baseDir = env[SINK_ENV.baseDir] ?? env.LAMBDA_TASK_ROOT ?? process.cwd();
  const functionName = env.AWS_LAMBDA_FUNCTION_NAME ?? env.FC_FUNCTION_NAME ?? `sink-${options.type}`;
  const spec = readJson(env, SINK_ENV.transform, false) ?? { form: 'ORIGINAL' };
  const transform = compileTransform(spec, { baseDir, functionName });
  await transform.ready();
  const sink = await options.connect(config, { baseDir });
  const valueFormat = env[SINK_ENV.valueFormat] as ValueFormat | undefined;
  return {
    ...(filter === undefined ? {} : { filter: (event: CloudEvent) => filter.matches(event) }),
    transform,
    sink,
    decode: valueFormat === undefined ? {} : { valueFormat },
  };
}

function readJson(env: NodeJS.ProcessEnv, name: string, required: boolean): unknown {
  const text = env[name];
  if (text === undefined || text.trim() === '') {
    if (required) throw new ConfluxError('config.invalid', `${name} is not set; it holds the sink settings as JSON`);
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfluxError('config.invalid', `${name} is not JSON: ${messageOf(error)}`);
  }
}
