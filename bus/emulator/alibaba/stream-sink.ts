import { brokersOf, instanceIdOf, type KafkaClusters } from './clusters.js';
import { invalidArgument } from './errors.js';
import { isObject, type JsonObject, type Params } from './params.js';
import type { FieldPaths } from './stream-paths.js';
import { vhostOf, vhostUrl } from './stream-source.js';
import { constant, constantOf, type TransformSpec, toTargetParameter, toTransformSpec } from './target-parameter.js';

/** conflux's own sinks ride under this key: `{Sink: <conflux sink>, Transform?: <conflux spec>}`. */
export const CONFLUX_SINK = 'SinkConfluxParameters';

const SUPPORTED = ['SinkKafkaParameters', 'SinkFcParameters', 'SinkRabbitMQParameters', CONFLUX_SINK];

/** A task's sink and the payload transform (Alibaba keeps the payload among the sink's fields). */
export interface TaskSink {
  sink: JsonObject;
  transform: TransformSpec;
}

const ORIGINAL: TransformSpec = { form: 'ORIGINAL' };

/** The payload field (Value, Body): its spec, ORIGINAL when absent, and where its problems point. */
function payload(p: Params, name: string, paths: FieldPaths): TransformSpec {
  const field = p.object(name);
  paths.push(
    ['transform', p.at(name)],
    ['transform.value', p.at(`${name}.Value`)],
    ['transform.template', p.at(`${name}.Template`)],
  );
  return field === undefined ? ORIGINAL : toTransformSpec(field);
}

/** An optional constant field's value. */
function optionalConstant(p: Params, name: string): string | undefined {
  const field = p.object(name);
  return field === undefined ? undefined : constantOf(field);
}

/** An Alibaba `Sink` → a conflux sink and payload transform, with where each field came from. */
export function toTaskSink(sinkParams: Params, clusters: KafkaClusters, paths: FieldPaths): TaskSink {
  const given = sinkParams.present();
  if (given.length !== 1)
    throw invalidArgument(
      sinkParams.path,
      `must hold exactly one sink's parameters (got ${given.length === 0 ? 'none' : given.join(', ')})`,
    );
  const key = given[0]!;
  if (!SUPPORTED.includes(key))
    throw invalidArgument(
      sinkParams.at(key),
      `this sink is not supported by conflux; supported: ${SUPPORTED.join(', ')}`,
    );
  const p = sinkParams.object(key, { required: true })!;
  paths.push(['sink', p.path], ['sink.type', sinkParams.path]);
  if (key === CONFLUX_SINK) {
    const sink = p.object('Sink', { required: true })!;
    paths.push(['sink', sink.path], ['sink.type', sink.at('type')], ['transform', p.at('Transform')]);
    const transform = p.raw.Transform;
    return { sink: sink.raw, transform: isObject(transform) ? transform : ORIGINAL };
  }
  if (key === 'SinkKafkaParameters') {
    const brokers = brokersOf(optionalConstant(p, 'InstanceId'), clusters, p.at('InstanceId'));
    const acks = optionalConstant(p, 'Acks');
    const keyField = p.object('Key');
    paths.push(['sink.topic', p.at('Topic')], ['sink.key', p.at('Key')], ['sink.acks', p.at('Acks')]);
    return {
      sink: {
        type: 'kafka',
        topic: constantOf(p.object('Topic', { required: true })!),
        ...(brokers === undefined ? {} : { brokers }),
        ...(keyField === undefined ? {} : { key: toTransformSpec(keyField) }),
        ...(acks === undefined ? {} : { acks: acks === 'all' || acks === '-1' ? 'all' : Number(acks) }),
      },
      transform: payload(p, 'Value', paths),
    };
  }
  if (key === 'SinkFcParameters') {
    paths.push(['sink.handler', p.at('FunctionName')]);
    return {
      sink: { type: 'function', handler: constantOf(p.object('FunctionName', { required: true })!) },
      transform: payload(p, 'Body', paths),
    };
  }
  return rabbitmqSink(p, paths);
}

function rabbitmqSink(p: Params, paths: FieldPaths): TaskSink {
  for (const unsupported of ['MessageId', 'Properties'])
    if (p.has(unsupported))
      throw invalidArgument(
        p.at(unsupported),
        'not supported by conflux (it sets no message id or properties from events)',
      );
  const targetType = optionalConstant(p, 'TargetType') ?? 'Exchange';
  const url = vhostUrl(optionalConstant(p, 'VirtualHostName'));
  const transform = payload(p, 'Body', paths);
  if (targetType === 'Queue') {
    paths.push(['sink.routingKey', p.at('QueueName')]);
    return {
      sink: {
        type: 'rabbitmq',
        url,
        exchange: '',
        routingKey: { form: 'CONSTANT', value: constantOf(p.object('QueueName', { required: true })!) },
      },
      transform,
    };
  }
  if (targetType !== 'Exchange')
    throw invalidArgument(p.at('TargetType.Value'), `must be Exchange or Queue (got "${targetType}")`);
  const routingKey = p.object('RoutingKey');
  paths.push(['sink.exchange', p.at('Exchange')], ['sink.routingKey', p.at('RoutingKey')]);
  return {
    sink: {
      type: 'rabbitmq',
      url,
      exchange: constantOf(p.object('Exchange', { required: true })!),
      routingKey: routingKey === undefined ? { form: 'CONSTANT', value: '' } : toTransformSpec(routingKey),
    },
    transform,
  };
}

/** A conflux sink and transform in Alibaba's shape; what Alibaba's parameters cannot say goes under SinkConfluxParameters. */
export function fromTaskSink(sink: JsonObject, transform: unknown, clusters: KafkaClusters): JsonObject {
  const body = toTargetParameter(transform);
  const keys = Object.keys(sink);
  const only = (...allowed: string[]) => keys.every((k) => allowed.includes(k));
  if (
    body !== undefined &&
    sink.type === 'kafka' &&
    only('type', 'topic', 'brokers', 'key', 'acks', 'compression') &&
    (sink.compression ?? 'none') === 'none'
  ) {
    const instance = instanceIdOf(sink.brokers, clusters);
    const key = sink.key === undefined ? undefined : toTargetParameter(sink.key);
    if (instance !== null && (sink.key === undefined || key !== undefined)) {
      return {
        SinkKafkaParameters: {
          ...(instance === undefined ? {} : { InstanceId: constant(instance) }),
          Topic: constant(String(sink.topic)),
          Acks: constant(String(sink.acks ?? 'all')),
          ...(key === undefined ? {} : { Key: key }),
          Value: body,
        },
      };
    }
  }
  if (
    body !== undefined &&
    sink.type === 'function' &&
    only('type', 'handler', 'timeoutMs') &&
    (sink.timeoutMs ?? 3000) === 3000
  )
    return { SinkFcParameters: { FunctionName: constant(String(sink.handler)), Body: body } };
  const rabbit = body === undefined || sink.type !== 'rabbitmq' ? undefined : fromRabbitmqSink(sink, keys);
  if (rabbit !== undefined) return { SinkRabbitMQParameters: { ...rabbit, Body: body } };
  return { [CONFLUX_SINK]: { Sink: sink, Transform: transform } };
}

function fromRabbitmqSink(sink: JsonObject, keys: string[]): JsonObject | undefined {
  const defaults =
    (sink.persistent ?? true) === true && (sink.contentType ?? 'application/json') === 'application/json';
  const vhost = vhostOf(sink.url ?? 'amqp://127.0.0.1:5672');
  const routingKey = toTargetParameter(sink.routingKey);
  if (!defaults || vhost === null || routingKey === undefined || keys.includes('headers')) return undefined;
  const exchange = typeof sink.exchange === 'string' ? sink.exchange : '';
  if (exchange === '' && routingKey.Form === 'CONSTANT')
    return {
      VirtualHostName: constant(vhost),
      TargetType: constant('Queue'),
      QueueName: constant(routingKey.Value ?? ''),
    };
  return {
    VirtualHostName: constant(vhost),
    TargetType: constant('Exchange'),
    Exchange: constant(exchange),
    RoutingKey: routingKey,
  };
}
