import type { Issue } from '../../errors.js';
import { checkPattern } from '../../pattern/index.js';
import type { KafkaClusters } from './clusters.js';
import { isObject, type JsonObject } from './params.js';
import { CONFLUX_SINK } from './stream-sink.js';
import { CONFLUX_SOURCE } from './stream-source.js';
import { fromTask } from './stream-task.js';
import { toTargetParameter } from './target-parameter.js';

const typeOf = (part: unknown) => (isObject(part) && typeof part.type === 'string' ? part.type : 'unknown');

/**
 * A conflux task as an Alibaba event stream with nothing conflux-only in it — or why not: each
 * part Alibaba's API has no words for (conflux's own sources and sinks, JSONATA and FUNCTION
 * transforms, Kafka brokers no `kafkaClusters` entry names, a non-Kafka dead-letter target, a
 * filter the alibaba dialect refuses), with the task field it is about.
 */
export function strictStream(task: JsonObject, clusters: KafkaClusters): { stream: JsonObject } | { issues: Issue[] } {
  const stream = fromTask(task, clusters);
  const issues: Issue[] = [];
  if (isObject(stream.Source) && stream.Source[CONFLUX_SOURCE] !== undefined) {
    const type = typeOf(task.source);
    issues.push({
      path: ['source'],
      message: ['kafka', 'rabbitmq', 'mqtt'].includes(type)
        ? `this ${type} source has settings Alibaba's ${type} parameters cannot carry (Kafka: brokers must be a cluster of kafkaClusters, no valueFormat; RabbitMQ and MQTT: the local broker with default prefetch/qos)`
        : `a ${type} source has no Alibaba equivalent (conflux maps Alibaba's Kafka, RabbitMQ and MQTT sources)`,
    });
  }
  if (isObject(stream.Sink) && stream.Sink[CONFLUX_SINK] !== undefined) {
    const type = typeOf(task.sink);
    const mapped = ['kafka', 'function', 'rabbitmq'].includes(type);
    const transform = toTargetParameter(task.transform) !== undefined;
    if (!transform) {
      const form = isObject(task.transform) ? String(task.transform.form) : 'this';
      issues.push({
        path: ['transform'],
        message: `a ${form} transform has no Alibaba equivalent (ORIGINAL, JSONPATH, CONSTANT, TEMPLATE)`,
      });
    }
    if (!mapped)
      issues.push({
        path: ['sink'],
        message: `a ${type} sink has no Alibaba equivalent (conflux maps Alibaba's Kafka, FC and RabbitMQ sinks)`,
      });
    else if (transform)
      issues.push({
        path: ['sink'],
        message: `this ${type} sink has settings Alibaba's parameters cannot carry (Kafka: brokers of kafkaClusters, no headers or compression, a key in Alibaba's forms; function: the default timeout; RabbitMQ: the local broker, no headers)`,
      });
  }
  const options = isObject(stream.RunOptions) ? stream.RunOptions : {};
  if (isObject(options.DeadLetterQueue) && options.DeadLetterQueue.ConfluxSink !== undefined)
    issues.push({
      path: ['errors', 'deadLetter'],
      message:
        "Alibaba's DeadLetterQueue is a queue ARN: conflux maps a Kafka topic (of kafkaClusters or the embedded bus) only",
    });
  if (task.filter !== undefined) {
    for (const issue of checkPattern(task.filter, { dialect: 'alibaba' }))
      issues.push({ path: ['filter', ...issue.path], message: `the alibaba dialect refuses it: ${issue.message}` });
  }
  return issues.length === 0 ? { stream } : { issues };
}
