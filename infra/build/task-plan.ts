import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Issue } from '../../bus/errors.js';
import type { FunctionEntry } from '../../functions/entry.js';
import { findFunction } from '../../functions/registry.js';
import { SINK_ENV } from '../../functions/shared/sink-handler.js';
import type { Config, TaskConfig } from '../config/index.js';
import { defaultConsumerGroup } from '../config/index.js';
import { entryFile } from './bundle.js';
import { type DeployFunction, type EventSourceMapping, variable } from './serverless.js';

/** How the deployed functions reach Kafka: self-managed brokers with credentials or VPC, or an MSK cluster. */
export interface KafkaAccess {
  /** serverless v3 `accessConfigurations` for self-managed Kafka, e.g. `{saslScram512Auth: [secretArn]}`. */
  accessConfigurations?: Record<string, string[]>;
  /** An MSK cluster ARN: every task consumes through an `msk` event instead. */
  mskArn?: string;
}

/** One task as deployed: the function it needs (a sink bundle), its settings and event source. */
export interface TaskFunction extends DeployFunction {
  task: string;
  entry: FunctionEntry;
  /** A FUNCTION transform's handler file, relative to the config folder: it goes into the zip at that path. */
  handlerFile?: string;
}

/** The deployable set of a config, or why it cannot be deployed; warnings name settings Lambda does not carry out. */
export interface TaskPlan {
  functions: TaskFunction[];
  issues: Issue[];
  warnings: Issue[];
}

// Variables serverless.yml would resolve (`${env:X}`, `${self:…}`, `${file(…)}`); a TEMPLATE's `${id}` is left alone.
const SERVERLESS_VARIABLE = /\$\{\s*(self|opt|env|sls|param|file|cf|s3|ssm|aws|strToBool)\s*[:(]/;

/** The default credentials: a SASL/SCRAM-512 secret named at deploy time (`--param="kafkaSecretArn=arn:…"`). */
export const DEFAULT_ACCESS: Record<string, string[]> = { saslScram512Auth: [variable('param:kafkaSecretArn')] };

/**
 * Turns a validated config's tasks into functions: each task runs its sink's bundle, invoked by a
 * Kafka event source on its topic, with its filter, transform and sink settings in the
 * environment the sink handler reads (SINK_ENV). Problems carry the config path they concern.
 *
 * @example planTasks(config, { root, baseDir: dirname(file) }).functions[0].environment.CONFLUX_SINK
 */
export function planTasks(
  config: Config,
  options: { root: string; baseDir: string; access?: KafkaAccess; artifactsDir?: string },
): TaskPlan {
  const plan: TaskPlan = { functions: [], issues: [], warnings: [] };
  config.tasks.forEach((task, index) => {
    const at = (...path: (string | number)[]) => ['tasks', index, ...path];
    const entry = findFunction('sink', task.sink.type);
    if (entry === undefined || !existsSync(entryFile(entry, options.root))) {
      plan.issues.push({
        path: at('sink', 'type'),
        message: `the ${task.sink.type} sink cannot be deployed yet (it has no handler)`,
      });
      return;
    }
    const { source } = task;
    if (source.type !== 'kafka') {
      plan.issues.push({
        path: at('source', 'type'),
        message: `only Kafka sources can be deployed (got ${source.type})`,
      });
      return;
    }
    if (source.brokers === undefined && options.access?.mskArn === undefined) {
      plan.issues.push({
        path: at('source', 'brokers'),
        message: 'required to deploy: the bootstrap servers of the cluster (the embedded bus stays on this machine)',
      });
      return;
    }
    if (task.sink.type === 'kafka' && task.sink.brokers === undefined) {
      plan.issues.push({
        path: at('sink', 'brokers'),
        message: 'required to deploy: the bootstrap servers of the target cluster',
      });
      return;
    }
    warnLocalOnly(task, at, plan.warnings);
    const handlerFile = functionHandlerFile(task);
    if (handlerFile !== undefined && !existsSync(resolve(options.baseDir, handlerFile))) {
      plan.issues.push({ path: at('transform', 'handler'), message: `no such file: ${handlerFile}` });
      return;
    }
    const environment = environmentOf(task, config.dialect);
    const hijacked = Object.entries(environment).find(([, text]) => SERVERLESS_VARIABLE.test(text));
    if (hijacked !== undefined) {
      const field = { CONFLUX_SINK: 'sink', CONFLUX_FILTER: 'filter' }[hijacked[0]] ?? 'transform';
      plan.issues.push({
        path: at(field),
        message: `holds \${source:…}, which the Serverless Framework would replace in serverless.yml: ${hijacked[1].match(SERVERLESS_VARIABLE)?.[0]}`,
      });
      return;
    }
    plan.functions.push({
      task: task.name,
      entry,
      name: task.name,
      artifact: `${options.artifactsDir ?? 'artifacts'}/${task.name}.zip`,
      description: `conflux task ${task.name}: ${source.topic} → ${task.sink.type}`,
      environment,
      events: [eventSource(task, options.access)],
      ...(handlerFile === undefined ? {} : { handlerFile }),
    });
  });
  return plan;
}

function environmentOf(task: TaskConfig, dialect: string): Record<string, string> {
  return {
    [SINK_ENV.sink]: JSON.stringify(task.sink),
    [SINK_ENV.transform]: JSON.stringify(task.transform),
    ...(task.filter === undefined ? {} : { [SINK_ENV.filter]: JSON.stringify(task.filter) }),
    ...(dialect === 'aws' ? {} : { [SINK_ENV.dialect]: dialect }),
    ...(task.source.type === 'kafka' && task.source.valueFormat !== undefined
      ? { [SINK_ENV.valueFormat]: task.source.valueFormat }
      : {}),
  };
}

function eventSource(task: TaskConfig, access: KafkaAccess | undefined): EventSourceMapping {
  const source = task.source as Extract<TaskConfig['source'], { type: 'kafka' }>;
  const common = {
    topic: source.topic,
    consumerGroupId: source.consumerGroup ?? defaultConsumerGroup(task.name),
    startingPosition: source.offset === 'earliest' ? ('TRIM_HORIZON' as const) : ('LATEST' as const),
  };
  if (access?.mskArn !== undefined) return { msk: { arn: access.mskArn, ...common } };
  return {
    kafka: {
      accessConfigurations: structuredClone(access?.accessConfigurations ?? DEFAULT_ACCESS),
      bootstrapServers: source.brokers ?? [],
      ...common,
    },
  };
}

function functionHandlerFile(task: TaskConfig): string | undefined {
  if (task.transform.form !== 'FUNCTION') return undefined;
  const handler = task.transform.handler;
  return typeof handler === 'string' ? handler.split('#')[0] : undefined;
}

function warnLocalOnly(task: TaskConfig, at: (...path: (string | number)[]) => Issue['path'], warnings: Issue[]): void {
  if (task.errors.deadLetter !== undefined) {
    warnings.push({
      path: at('errors', 'deadLetter'),
      message:
        'not deployed: Lambda retries a failed record (and the records after it) until it succeeds; set an on-failure destination on the event source mapping instead',
    });
  }
  if (task.concurrency !== 1) {
    warnings.push({
      path: at('concurrency'),
      message: 'not deployed: Lambda runs one invocation per partition at a time',
    });
  }
  if (task.sink.type === 'file' && !isAbsolute(task.sink.path)) {
    warnings.push({
      path: at('sink', 'path'),
      message: "relative to the function's code folder, which Lambda mounts read-only; use a path under /tmp",
    });
  }
}
