import { brokersOf, instanceIdOf, type KafkaClusters } from './clusters.js';
import { invalidArgument } from './errors.js';
import { isObject, type JsonObject, type Params } from './params.js';
import type { FieldPaths } from './stream-paths.js';

/** conflux's own sources (HTTP, NATS, … or any source as conflux.yaml writes it) ride under this key. */
export const CONFLUX_SOURCE = 'SourceConfluxParameters';

const SUPPORTED = ['SourceKafkaParameters', 'SourceRabbitMQParameters', 'SourceMQTTParameters', CONFLUX_SOURCE];

/** Alibaba's default RabbitMQ and MQTT brokers become the local ones: conflux's defaults. */
const RABBITMQ = 'amqp://127.0.0.1:5672';

/** An Alibaba `Source` → a conflux task source, with where each conflux field came from. */
export function toTaskSource(source: Params, clusters: KafkaClusters, paths: FieldPaths): JsonObject {
  const given = source.present();
  if (given.length !== 1)
    throw invalidArgument(
      source.path,
      `must hold exactly one source's parameters (got ${given.length === 0 ? 'none' : given.join(', ')})`,
    );
  const key = given[0]!;
  if (!SUPPORTED.includes(key))
    throw invalidArgument(
      source.at(key),
      `this source is not supported by conflux; supported: ${SUPPORTED.join(', ')}`,
    );
  const p = source.object(key, { required: true })!;
  paths.push(['source', p.path], ['source.type', source.path]);
  if (key === CONFLUX_SOURCE) {
    paths.push(['source.type', p.at('type')]);
    return p.raw;
  }
  if (key === 'SourceKafkaParameters') {
    const brokers = brokersOf(p.string('InstanceId'), clusters, p.at('InstanceId'));
    paths.push(
      ['source.topic', p.at('Topic')],
      ['source.consumerGroup', p.at('ConsumerGroup')],
      ['source.offset', p.at('OffsetReset')],
    );
    const group = p.string('ConsumerGroup');
    const offset = p.string('OffsetReset');
    return {
      type: 'kafka',
      topic: p.string('Topic', { required: true }),
      ...(brokers === undefined ? {} : { brokers }),
      ...(group ? { consumerGroup: group } : {}),
      ...(offset ? { offset } : {}),
    };
  }
  if (key === 'SourceRabbitMQParameters') {
    paths.push(['source.queue', p.at('QueueName')]);
    return {
      type: 'rabbitmq',
      url: vhostUrl(p.string('VirtualHostName')),
      queue: p.string('QueueName', { required: true }),
    };
  }
  paths.push(['source.topic', p.at('Topic')]);
  return { type: 'mqtt', topic: p.string('Topic', { required: true }) };
}

/** The broker URL for a virtual host on the local RabbitMQ. */
export function vhostUrl(vhost: string | undefined): string {
  return vhost === undefined || vhost === '' || vhost === '/' ? RABBITMQ : `${RABBITMQ}/${encodeURIComponent(vhost)}`;
}

/** The virtual host of a local RabbitMQ URL, or null when the URL names another broker. */
export function vhostOf(url: unknown): string | null {
  if (url === RABBITMQ) return '/';
  if (typeof url !== 'string' || !url.startsWith(`${RABBITMQ}/`)) return null;
  return decodeURIComponent(url.slice(RABBITMQ.length + 1));
}

/** A conflux task source in Alibaba's shape; what Alibaba's parameters cannot say goes under SourceConfluxParameters. */
export function fromTaskSource(source: JsonObject, clusters: KafkaClusters): JsonObject {
  const { type } = source;
  const keys = Object.keys(source);
  const only = (...allowed: string[]) => keys.every((k) => allowed.includes(k));
  if (type === 'kafka' && only('type', 'topic', 'brokers', 'consumerGroup', 'offset')) {
    const instance = instanceIdOf(source.brokers, clusters);
    if (instance !== null) {
      return {
        SourceKafkaParameters: {
          ...(instance === undefined ? {} : { InstanceId: instance }),
          Topic: source.topic,
          ...(source.consumerGroup === undefined ? {} : { ConsumerGroup: source.consumerGroup }),
          OffsetReset: source.offset ?? 'latest',
        },
      };
    }
  }
  if (type === 'rabbitmq' && only('type', 'url', 'queue', 'prefetch') && (source.prefetch ?? 100) === 100) {
    const vhost = vhostOf(source.url ?? RABBITMQ);
    if (vhost !== null) return { SourceRabbitMQParameters: { VirtualHostName: vhost, QueueName: source.queue } };
  }
  if (
    type === 'mqtt' &&
    only('type', 'url', 'topic', 'qos') &&
    (source.url ?? 'mqtt://127.0.0.1:1883') === 'mqtt://127.0.0.1:1883' &&
    (source.qos ?? 1) === 1
  )
    return { SourceMQTTParameters: { Topic: source.topic } };
  return { [CONFLUX_SOURCE]: isObject(source) ? source : {} };
}
