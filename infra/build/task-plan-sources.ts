import type { Issue } from '../../bus/errors.js';
import { IOT_SQL_VERSION, iotRuleSql } from '../../functions/adapters/lambda/iot.js';
import type { LambdaTrigger } from '../../functions/adapters/triggers.js';
import { findFunction } from '../../functions/registry.js';
import { noTriggerReason } from '../../functions/shared/settings/connector.js';
import { consumerGroupOf } from '../../functions/sources/kafka/config.js';
import type { SourceConfig, TaskConfig } from '../config/index.js';
import { defaultConsumerGroup } from '../config/index.js';
import { type EventSourceMapping, variable } from './serverless.js';

/**
 * How each source type of conflux.yaml is deployed: the event of the AWS trigger its declaration
 * names, what must be known to write it, and what does not carry over (a table: a source declared
 * with `triggers` is a row; NATS has none, since AWS has no NATS trigger for Lambda).
 */

/** How the deployed functions reach Kafka: self-managed brokers with credentials or VPC, or an MSK cluster. */
export interface KafkaAccess {
  /** serverless v3 `accessConfigurations` for self-managed Kafka, e.g. `{saslScram512Auth: [secretArn]}`. */
  accessConfigurations?: Record<string, string[]>;
  /** An MSK cluster ARN: every task consumes through an `msk` event instead. */
  mskArn?: string;
}

/** How the deployed functions reach an Amazon MQ for RabbitMQ broker (one for the service). */
export interface RabbitmqAccess {
  /** The broker's ARN; omitted: `${param:rabbitmqBrokerArn}`, named at deploy time. */
  brokerArn?: string;
  /** The Secrets Manager secret with the broker's user and password; omitted: `${param:rabbitmqSecretArn}`. */
  basicAuthArn?: string;
}

/** The default credentials: a SASL/SCRAM-512 secret named at deploy time (`--param="kafkaSecretArn=arn:…"`). */
export const DEFAULT_ACCESS: Record<string, string[]> = { saslScram512Auth: [variable('param:kafkaSecretArn')] };

/** The RabbitMQ broker and secret when not given: parameters named at deploy time. */
export const DEFAULT_RABBITMQ: Required<RabbitmqAccess> = {
  brokerArn: variable('param:rabbitmqBrokerArn'),
  basicAuthArn: variable('param:rabbitmqSecretArn'),
};

/** What a row may use besides the task. */
export interface SourceContext {
  kafka?: KafkaAccess | undefined;
  rabbitmq?: RabbitmqAccess | undefined;
  at: (...path: (string | number)[]) => Issue['path'];
}

/** One deployable source type. */
export interface SourceDeployment<S> {
  /** The Lambda trigger whose event `event` writes: the one the source's declaration names. */
  trigger: LambdaTrigger;
  /** Why the task cannot be deployed as it is (blocking), if anything. */
  problems(source: S, context: SourceContext): Issue[];
  event(source: S, task: TaskConfig, context: SourceContext): EventSourceMapping;
  /** The function's description after "conflux task <name>: ". */
  describe(source: S, task: TaskConfig): string;
  /** Fields of the emulator's event this trigger does not tell (a filter or transform naming one is warned about). */
  untold: { names: readonly string[]; reason: string };
  /** What a failed record becomes once deployed (instead of the task's dead-letter settings). */
  onFailure: string;
  /** Settings the trigger does not use (warnings). */
  unused?(source: S, context: SourceContext): Issue[];
}

type Source<T extends string> = Extract<SourceConfig, { type: T }>;

const kafka: SourceDeployment<Source<'kafka'>> = {
  trigger: 'kafka',
  problems: (source, { kafka: access, at }) =>
    source.brokers === undefined && access?.mskArn === undefined
      ? [
          {
            path: at('source', 'brokers'),
            message:
              'required to deploy: the bootstrap servers of the cluster (the embedded bus stays on this machine)',
          },
        ]
      : [],
  event(source, task, { kafka: access }) {
    const common = {
      topic: source.topic,
      consumerGroupId: consumerGroupOf(source, defaultConsumerGroup(task.name)).name,
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
  },
  describe: (source) => source.topic,
  untold: { names: [], reason: '' },
  onFailure:
    'Lambda retries a failed record (and the records after it) until it succeeds; set an on-failure destination on the event source mapping instead',
};

const rabbitmq: SourceDeployment<Source<'rabbitmq'>> = {
  trigger: 'rabbitmq',
  problems: () => [],
  event(source, _task, { rabbitmq: access }) {
    const vhost = vhostOf(source.url);
    return {
      rabbitmq: {
        arn: access?.brokerArn ?? DEFAULT_RABBITMQ.brokerArn,
        queue: source.queue,
        basicAuthArn: access?.basicAuthArn ?? DEFAULT_RABBITMQ.basicAuthArn,
        ...(vhost === '/' ? {} : { virtualHost: vhost }),
      },
    };
  },
  describe: (source) => `queue ${source.queue}`,
  untold: {
    names: ['deliveryTag', 'exchange', 'routingKey'],
    reason: "Lambda's RabbitMQ event does not carry (deployed, data.envelope holds redeliver only)",
  },
  onFailure:
    'Lambda retries the whole batch of a failed message until it succeeds or the message expires; give the queue a dead-letter exchange instead',
  unused: (source, { at }) =>
    new URL(source.url).hostname === '127.0.0.1'
      ? []
      : [
          {
            path: at('source', 'url'),
            message:
              'deployed, only its vhost is used: the broker is the one --rabbitmq-broker (or the rabbitmqBrokerArn parameter) names',
          },
        ],
};

const http: SourceDeployment<Source<'http'>> = {
  trigger: 'httpApi',
  problems: () => [],
  event: (source, task) => ({ httpApi: { method: '*', path: httpPath(source, task.name) } }),
  describe: (source, task) => `${source.methods.join('|')} ${httpPath(source, task.name)}`,
  untold: { names: [], reason: '' },
  onFailure: 'a request whose event is not delivered is answered 5xx, and its sender sends it again',
};

const mqtt: SourceDeployment<Source<'mqtt'>> = {
  trigger: 'iot',
  problems: (source, { at }) =>
    source.topic.includes("'")
      ? [{ path: at('source', 'topic'), message: "cannot be deployed: an IoT rule's topic filter cannot hold '" }]
      : [],
  event: (source) => ({ iot: { sql: iotRuleSql(source.topic), sqlVersion: IOT_SQL_VERSION } }),
  describe: (source) => `topic ${source.topic}`,
  untold: {
    names: ['qos', 'retain', 'dup', 'messageId'],
    reason: 'an AWS IoT rule does not tell (deployed, data.props holds topic only)',
  },
  onFailure:
    'Lambda retries a failed message twice, then drops it; set an on-failure destination for asynchronous invocation instead',
  unused: (source, { at }) => [
    ...(new URL(source.url).hostname === '127.0.0.1'
      ? []
      : [
          {
            path: at('source', 'url'),
            message: "not deployed: the messages come from the account's AWS IoT Core broker",
          },
        ]),
    ...(source.clientId === undefined
      ? []
      : [{ path: at('source', 'clientId'), message: 'not deployed: an IoT rule receives the messages, not a client' }]),
  ],
};

/**
 * How each source declared with `triggers` is deployed, by type: the event of its declared Lambda
 * trigger (`trigger`), written from the task's settings. A source declared without triggers has no
 * row (a test holds the rows to the declarations).
 */
export const sourceDeployments: Readonly<Record<string, SourceDeployment<SourceConfig>>> = {
  kafka,
  rabbitmq,
  http,
  mqtt,
};

/**
 * Why a source type cannot be deployed, from its declaration: it names no `triggers`, and its
 * `noTrigger` says why (connector.ts).
 *
 * @example undeployableSource('nats') // 'nats sources cannot be deployed: AWS has no NATS trigger for Lambda; …'
 */
export function undeployableSource(type: string): string {
  const connector = findFunction('source', type)?.connector;
  const why =
    connector?.role !== 'source'
      ? 'conflux has no such source'
      : connector.triggers === undefined
        ? noTriggerReason(connector)
        : 'sourceDeployments (infra/build/task-plan-sources.ts) has no row for it';
  return `${type} sources cannot be deployed: ${why}`;
}

/** The path an HTTP task is served on, in the emulator and in the service's HTTP API alike. */
export function httpPath(source: Source<'http'>, task: string): string {
  return source.path ?? `/sources/${task}`;
}

/** The vhost an AMQP URL names: its path without the slash, "/" when empty (as the emulator's source reads it). */
export function vhostOf(url: string): string {
  const path = decodeURIComponent(new URL(url).pathname.slice(1));
  return path === '' ? '/' : path;
}

/**
 * The task's source settings for CONFLUX_SOURCE (the sources other than Kafka): as validated,
 * without the credentials a broker URL may hold (the function reads none of them; the trigger
 * has its own).
 */
export function deployedSourceSettings(source: SourceConfig): Record<string, unknown> {
  if (!('url' in source) || typeof source.url !== 'string') return { ...source };
  const url = new URL(source.url);
  url.username = '';
  url.password = '';
  return { ...source, url: url.toString() };
}

/** Warnings for a filter, transform or sink field naming what the trigger does not tell. */
export function untoldWarnings(
  task: TaskConfig,
  deployment: SourceDeployment<SourceConfig>,
  at: SourceContext['at'],
): Issue[] {
  const { names, reason } = deployment.untold;
  if (names.length === 0) return [];
  const warnings: Issue[] = [];
  const parts = { filter: task.filter, transform: task.transform, sink: task.sink } as const;
  for (const [part, value] of Object.entries(parts)) {
    if (value === undefined) continue;
    const text = JSON.stringify(value);
    const named = names.filter((name) => new RegExp(`\\b${name}\\b`).test(text));
    if (named.length > 0) {
      warnings.push({ path: at(part), message: `names ${named.join(', ')}, which ${reason}` });
    }
  }
  return warnings;
}
