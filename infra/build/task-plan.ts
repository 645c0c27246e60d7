import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Issue } from '../../bus/errors.js';
import type { LambdaTrigger } from '../../functions/adapters/triggers.js';
import type { FunctionEntry } from '../../functions/entry.js';
import { findFunction } from '../../functions/registry.js';
import { SINK_ENV } from '../../functions/shared/task/sink-handler.js';
import type { Config, TaskConfig } from '../config/index.js';
import { entryFile } from './bundle.js';
import type { DeployFunction } from './serverless.js';
import {
  deployedSourceSettings,
  httpPath,
  type KafkaAccess,
  type RabbitmqAccess,
  type SourceContext,
  sourceDeployments,
  undeployableSource,
  untoldWarnings,
} from './task-plan-sources.js';

export { DEFAULT_ACCESS, type KafkaAccess, type RabbitmqAccess } from './task-plan-sources.js';

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

/**
 * Turns a validated config's tasks into functions: each task runs its sink's bundle, invoked by its
 * source's AWS trigger (task-plan-sources.ts: a Kafka or MSK or Amazon MQ event source mapping, an
 * HTTP API route, an IoT rule), with its source, filter, transform and sink settings in the
 * environment the sink handler reads (SINK_ENV). Problems carry the config path they concern.
 *
 * @example planTasks(config, { root, baseDir: dirname(file) }).functions[0].environment.CONFLUX_SINK
 */
export function planTasks(
  config: Config,
  options: { root: string; baseDir: string; access?: KafkaAccess; rabbitmq?: RabbitmqAccess; artifactsDir?: string },
): TaskPlan {
  const plan: TaskPlan = { functions: [], issues: [], warnings: [] };
  const httpPaths = new Map<string, number>();
  config.tasks.forEach((task, index) => {
    const at = (...path: (string | number)[]) => ['tasks', index, ...path];
    const context: SourceContext = { kafka: options.access, rabbitmq: options.rabbitmq, at };
    const entry = findFunction('sink', task.sink.type);
    if (entry === undefined || !existsSync(entryFile(entry, options.root))) {
      plan.issues.push({
        path: at('sink', 'type'),
        message: `the ${task.sink.type} sink cannot be deployed yet (it has no handler)`,
      });
      return;
    }
    const { source } = task;
    const declared = findFunction('source', source.type)?.triggers;
    const deployment = Object.hasOwn(sourceDeployments, source.type) ? sourceDeployments[source.type] : undefined;
    if (declared === undefined || deployment === undefined) {
      plan.issues.push({ path: at('source', 'type'), message: undeployableSource(source.type) });
      return;
    }
    const problems = deployment.problems(source, context);
    if (source.type === 'http') {
      const path = httpPath(source, task.name);
      const taken = httpPaths.get(path);
      if (taken !== undefined) {
        problems.push({ path: at('source', 'path'), message: `${path} is tasks[${taken}]'s path already` });
      }
      httpPaths.set(path, index);
    }
    if (problems.length > 0) {
      plan.issues.push(...problems);
      return;
    }
    if (task.sink.type === 'kafka' && task.sink.brokers === undefined) {
      plan.issues.push({
        path: at('sink', 'brokers'),
        message: 'required to deploy: the bootstrap servers of the target cluster',
      });
      return;
    }
    warnLocalOnly(task, at, plan.warnings, deployment);
    plan.warnings.push(...(deployment.unused?.(source, context) ?? []), ...untoldWarnings(task, deployment, at));
    const handlerFile = functionHandlerFile(task);
    if (handlerFile !== undefined && !existsSync(resolve(options.baseDir, handlerFile))) {
      plan.issues.push({ path: at('transform', 'handler'), message: `no such file: ${handlerFile}` });
      return;
    }
    const environment = environmentOf(task, task.dialect ?? config.dialect);
    const hijacked = Object.entries(environment).find(([, text]) => SERVERLESS_VARIABLE.test(text));
    if (hijacked !== undefined) {
      const field =
        { CONFLUX_SINK: 'sink', CONFLUX_FILTER: 'filter', CONFLUX_SOURCE: 'source' }[hijacked[0]] ?? 'transform';
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
      description: `conflux task ${task.name}: ${deployment.describe(source, task)} → ${task.sink.type}`,
      environment,
      events: [deployment.event(source, task, context)],
      ...iamOf(task),
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
    ...(task.source.type === 'kafka'
      ? {}
      : {
          [SINK_ENV.source]: JSON.stringify(deployedSourceSettings(task.source)),
          [SINK_ENV.task]: task.name,
        }),
  };
}

/** What the task's function may do beyond its trigger: put events on its EventBridge sink's bus. */
function iamOf(task: TaskConfig): { iamStatements?: Record<string, unknown>[] } {
  if (task.sink.type !== 'eventbridge') return {};
  const { eventBusName, region } = task.sink;
  const bus = eventBusName.startsWith('arn:')
    ? eventBusName
    : {
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            `:events:${region}:`,
            { Ref: 'AWS::AccountId' },
            `:event-bus/${eventBusName}`,
          ],
        ],
      };
  return { iamStatements: [{ Effect: 'Allow', Action: ['events:PutEvents'], Resource: [bus] }] };
}

/** How many invocations of a task run at once, by the trigger its source declares (the task's `concurrency` is not deployed). */
const CONCURRENCY: Readonly<Record<LambdaTrigger, string>> = {
  kafka: 'Lambda runs one invocation per partition at a time',
  rabbitmq: 'Lambda runs one invocation per Amazon MQ event source mapping at a time',
  httpApi: 'each request is its own invocation',
  iot: 'each message is its own invocation',
};

function functionHandlerFile(task: TaskConfig): string | undefined {
  if (task.transform.form !== 'FUNCTION') return undefined;
  const handler = task.transform.handler;
  return typeof handler === 'string' ? handler.split('#')[0] : undefined;
}

function warnLocalOnly(
  task: TaskConfig,
  at: (...path: (string | number)[]) => Issue['path'],
  warnings: Issue[],
  { onFailure, trigger }: { onFailure: string; trigger: LambdaTrigger },
): void {
  if (task.errors.deadLetter !== undefined) {
    warnings.push({ path: at('errors', 'deadLetter'), message: `not deployed: ${onFailure}` });
  }
  if (task.batch !== undefined) {
    warnings.push({ path: at('batch'), message: "not deployed: the trigger's own batch settings apply" });
  }
  if (task.concurrency !== 1) {
    warnings.push({
      path: at('concurrency'),
      message: `not deployed: ${CONCURRENCY[trigger]}`,
    });
  }
  if (task.sink.type === 'file' && !isAbsolute(task.sink.path)) {
    warnings.push({
      path: at('sink', 'path'),
      message: "relative to the function's code folder, which Lambda mounts read-only; use a path under /tmp",
    });
  }
}
