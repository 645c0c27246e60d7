import {
  type BatchResponse,
  type DecodeOptions,
  fcSource,
  lambdaSourceOf,
  lambdaSources,
} from '../../adapters/lambda/event-sources.js';
import type { HttpReply } from '../../adapters/lambda/http.js';
import type { DeployedSource } from '../../adapters/source/deployed-source.js';
import { loadJsonataIfNamed } from '../../transformers/jsonata/engine.js';
import { count, deliver, type Prepared, type SinkResult } from './sink-batch.js';
import { prepareTask, readTaskSource, TASK_ENV, type TaskOutput } from './task-env.js';

/** What a task function (a sink bundle, a source bundle) plugs in: where it writes, and for a source its type. */
export interface TaskHandlerOptions<C> {
  /** The function's name when the platform gives none (FUNCTION workers are named by it): `sink-file`, `source-http`. */
  name: string;
  output: TaskOutput<C>;
  /** A source function serves this source's triggers only; a sink takes the one CONFLUX_SOURCE names. */
  source?: DeployedSource['type'];
  /** The environment to read (tests pass their own). */
  env?: NodeJS.ProcessEnv;
}

/**
 * What a task's Lambda entry answers, by trigger: Kafka's partial batch response with the counts,
 * the counts alone (Amazon MQ, IoT rule: a failure throws instead), or the HTTP response.
 */
export type TaskAnswer = (BatchResponse & SinkResult) | SinkResult | HttpReply;

/** A task function's Lambda entry, with FC's as `.fc` and `.close()` to release the connection (tests). */
export interface TaskHandler {
  (invocation: unknown, context?: unknown): Promise<TaskAnswer>;
  fc(event: Buffer, context?: unknown): Promise<SinkResult>;
  close(): Promise<void>;
}

/**
 * The entry points of a deployed task: the trigger's row in `lambdaSources` (Kafka, Amazon MQ for
 * RabbitMQ, an HTTP API request, an IoT rule for an mqtt task) decodes each invocation into the
 * events the emulator's source would emit; they are filtered (CONFLUX_FILTER) and transformed
 * (CONFLUX_TRANSFORM) in delivery order by the emulator's pipeline core (a FUNCTION handler gets the
 * whole invocation in one call), and the payloads go to the output's writer in one `write`. The output's settings, filter and transform are read once per warm container (again
 * when the environment changes); the writer connects once. Kafka answers with `batchItemFailures`
 * (after a failed record, the later ones of its partition fail too, so a retry keeps the order);
 * Amazon MQ and IoT fail the invocation, naming every failed message; an HTTP request is answered
 * 200 `{"id"}`, 405, 401, 400 or 5xx. FC (EventBridge's JSON array of CloudEvents) fails the
 * invocation on any failed event.
 *
 * @example createTaskHandler({ name: 'sink-file', output: { variable: 'CONFLUX_SINK', path: 'sink', what: 'the sink settings', type: 'file', settings, connect } })
 */
export function createTaskHandler<C>(options: TaskHandlerOptions<C>): TaskHandler {
  // read at each call: a test may replace process.env itself
  const environment = () => options.env ?? process.env;
  const names = [options.output.variable, ...Object.values(TASK_ENV)];
  let cached: { key: string; prepared: Promise<Prepared> } | undefined;
  const prepare = (): Promise<Prepared> => {
    const env = environment();
    const key = JSON.stringify(names.map((name) => env[name] ?? null));
    if (cached?.key !== key) {
      const previous = cached;
      const prepared = (async () => {
        if (previous !== undefined) await release(previous.prepared);
        await loadJsonataIfNamed(...names.map((name) => env[name]));
        return prepareTask(options.output, options.name, env);
      })();
      prepared.catch(() => {
        if (cached?.prepared === prepared) cached = undefined; // connect again next time
      });
      cached = { key, prepared };
    }
    return cached.prepared;
  };
  let deployed: { text: string | undefined; source: DeployedSource | undefined } | undefined;
  const sourceOptions = (): DecodeOptions => {
    const env = environment();
    const text = env[TASK_ENV.source];
    if (deployed === undefined || deployed.text !== text) {
      deployed = { text, source: readTaskSource(env, options.source) };
    }
    const { source } = deployed;
    const task = env[TASK_ENV.task];
    return { ...(source === undefined ? {} : { source }), ...(task ? { task } : {}) };
  };
  const lambda = async (invocation: unknown): Promise<TaskAnswer> => {
    const decode = sourceOptions();
    const source = lambdaSourceOf(invocation, lambdaSources, decode.source?.type);
    const refused = source.refuse?.(invocation, decode);
    if (refused !== undefined) return refused as HttpReply;
    const prepared = await prepare();
    const items = source.items(invocation, { ...prepared.decode, ...decode });
    const outcomes = await deliver(items, prepared, (id) => source.laneOf(id));
    return source.respond(outcomes, count(outcomes)) as TaskAnswer;
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
