import { stringify } from 'yaml';
import type { FunctionEntry } from '../../functions/entry.js';
import { defaultConsumerGroup } from '../config/defaults.js';
import { DEFAULT_LAMBDA_RUNTIME, type LambdaRuntime } from '../config/runtimes.js';
import { whyNoBundle } from './bundle.js';

/**
 * serverless.yml (Serverless Framework v3) from a list of deployable functions: one per bundle for
 * the repository (`npm run package`), one per task for a user's conflux.yaml (`conflux package`).
 * Every function ships its own prebuilt zip (`package.artifact`): the Framework packages nothing.
 */

/** A Serverless Framework variable, e.g. `variable("param:topic, 'orders'")` → `${param:topic, 'orders'}`. */
export function variable(expression: string): string {
  return `\${${expression}}`;
}

/** A self-managed Kafka event source mapping (serverless v3 `kafka` event). */
export interface KafkaEventSource {
  kafka: {
    accessConfigurations: Record<string, string[]>;
    bootstrapServers: string[];
    topic: string;
    consumerGroupId?: string;
    startingPosition?: 'LATEST' | 'TRIM_HORIZON';
    batchSize?: number;
    enabled?: boolean;
  };
}

/** An Amazon MSK event source mapping (serverless v3 `msk` event). */
export interface MskEventSource {
  msk: {
    arn: string;
    topic: string;
    consumerGroupId?: string;
    startingPosition?: 'LATEST' | 'TRIM_HORIZON';
    batchSize?: number;
    enabled?: boolean;
  };
}

/** An Amazon MQ for RabbitMQ event source mapping (serverless v3 `rabbitmq` event). */
export interface RabbitmqEventSource {
  rabbitmq: {
    arn: string;
    queue: string;
    basicAuthArn: string;
    virtualHost?: string;
    batchSize?: number;
    enabled?: boolean;
  };
}

/** A route of the service's API Gateway HTTP API (serverless v3 `httpApi` event, payload format 2.0). */
export interface HttpApiEvent {
  httpApi: { method: string; path: string };
}

/** An AWS IoT topic rule whose Lambda action invokes the function (serverless v3 `iot` event). */
export interface IotEvent {
  iot: { sql: string; sqlVersion?: '2015-10-08' | '2016-03-23' | 'beta'; description?: string; enabled?: boolean };
}

/** Where a function's records come from: an event source mapping, an HTTP API route or an IoT rule. */
export type EventSourceMapping = KafkaEventSource | MskEventSource | RabbitmqEventSource | HttpApiEvent | IotEvent;

/** One function of the service. */
export interface DeployFunction {
  /** The function's key in serverless.yml (`sink-file`, or a task name). */
  name: string;
  /** Its zip, relative to the folder of serverless.yml. */
  artifact: string;
  description?: string;
  environment?: Record<string, string>;
  events?: EventSourceMapping[];
  /** Seconds; default the provider's. */
  timeout?: number;
  /** IAM statements the function needs (the service's one role holds every function's, each once). */
  iamStatements?: Record<string, unknown>[];
}

/** The service-wide settings. */
export interface ServiceOptions {
  service: string;
  /** Comment lines at the top of the file (without `# `). */
  header?: string[];
  /** Extra IAM statements beyond logging (e.g. `events:PutEvents` for an EventBridge sink). */
  iamStatements?: Record<string, unknown>[];
  /** The Lambda runtime of every function; default DEFAULT_LAMBDA_RUNTIME (the zips must be built for it). */
  runtime?: LambdaRuntime;
}

/**
 * The serverless.yml text: the chosen Node.js runtime (default nodejs22.x) on arm64, every function packaged individually from its
 * artifact, and an IAM role with nothing beyond what its event sources need (the Framework adds
 * logging, and for Kafka and RabbitMQ events the network-interface and secret permissions) plus
 * the `iamStatements` of the service and of each function (once each).
 *
 * @example renderServerless([{ name: 'sink-file', artifact: 'dist/zips/sink-file.zip' }], { service: 'conflux' })
 */
export function renderServerless(functions: readonly DeployFunction[], options: ServiceOptions): string {
  const statements = uniqueStatements([
    ...(options.iamStatements ?? []),
    ...functions.flatMap((fn) => fn.iamStatements ?? []),
  ]);
  const definition = {
    service: options.service,
    frameworkVersion: '3',
    provider: {
      name: 'aws',
      runtime: options.runtime ?? DEFAULT_LAMBDA_RUNTIME,
      architecture: 'arm64',
      memorySize: 256,
      timeout: 60,
      stage: variable("opt:stage, 'dev'"),
      region: variable("opt:region, 'us-east-1'"),
      ...(statements.length > 0 ? { iam: { role: { statements } } } : {}),
    },
    package: { individually: true },
    functions: Object.fromEntries(
      functions.map((fn) => [
        fn.name,
        {
          handler: 'index.handler',
          ...(fn.description ? { description: fn.description } : {}),
          ...(fn.timeout ? { timeout: fn.timeout } : {}),
          package: { artifact: fn.artifact },
          ...(fn.environment && Object.keys(fn.environment).length > 0 ? { environment: fn.environment } : {}),
          ...(fn.events?.length ? { events: fn.events } : {}),
        },
      ]),
    ),
  };
  const header = (options.header ?? []).map((line) => `# ${line}`.trimEnd());
  // YAML 1.1, as the Framework reads it (js-yaml): there an unquoted 2016-03-23 (an IoT rule's SQL version) is a date
  return `${[...header, stringify(definition, { lineWidth: 0, version: '1.1' })].join('\n')}`;
}

function uniqueStatements(statements: Record<string, unknown>[]): Record<string, unknown>[] {
  const seen = new Set<string>();
  return statements.filter((statement) => {
    const key = JSON.stringify(statement);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The functions Lambda invokes with Kafka records: those whose declared triggers name `kafka` (every transformer and sink, and the Kafka source). */
export function consumesKafka(entry: FunctionEntry): boolean {
  return entry.triggers?.lambda.includes('kafka') === true;
}

/**
 * A function's events in the repository's serverless.yml, from its declared Lambda triggers: a Kafka
 * event source mapping, off until deployed with parameters. The other triggers are written per task
 * by `conflux package`, since each needs the task's settings (a queue, a path, a topic filter) and
 * an HTTP API route cannot be declared switched off.
 */
function repositoryEvents(entry: FunctionEntry): EventSourceMapping[] {
  return (entry.triggers?.lambda ?? []).flatMap((trigger) =>
    trigger === 'kafka' ? [repositoryKafkaEvent(entry)] : [],
  );
}

/**
 * The repository's serverless.yml: every bundled function of the registry, each from
 * `dist/zips/<name>.zip`; those whose declared triggers name `kafka` with a self-managed Kafka event
 * source that is off until deployed with parameters (`--param="bootstrapServers=b-1:9092" --param="kafkaSecretArn=arn:…"`). Functions
 * still without a bundle entry are named in the header.
 */
export function repositoryServerless(
  built: readonly FunctionEntry[],
  notBuilt: readonly string[],
  runtime: LambdaRuntime = DEFAULT_LAMBDA_RUNTIME,
): string {
  const functions = built.map(
    (entry): DeployFunction => ({
      name: entry.name,
      artifact: `dist/zips/${entry.name}.zip`,
      description: `conflux ${entry.kind} ${entry.type}`,
      events: repositoryEvents(entry),
    }),
  );
  return renderServerless(functions, {
    service: 'conflux',
    runtime,
    header: [
      'Generated by `npm run package` from functions/registry.ts; do not edit (a test checks they agree).',
      'Every bundle, each from its own zip. For the functions of your tasks, with their settings and',
      'event sources, use `conflux package conflux.yaml` instead (docs/deploy.md).',
      ...notBuilt.map((name) => `No bundle for ${name}: ${whyNoBundle(name)}.`),
      '',
    ],
  });
}

function repositoryKafkaEvent(entry: FunctionEntry): KafkaEventSource {
  return {
    kafka: {
      accessConfigurations: {
        saslScram512Auth: [
          variable("param:kafkaSecretArn, 'arn:aws:secretsmanager:us-east-1:000000000000:secret:conflux-kafka'"),
        ],
      },
      bootstrapServers: [variable("param:bootstrapServers, 'b-1.kafka.internal:9092'")],
      topic: variable(`param:topic, 'conflux-${entry.name}'`),
      consumerGroupId: defaultConsumerGroup(entry.name),
      startingPosition: 'LATEST',
      enabled: false,
    },
  };
}
