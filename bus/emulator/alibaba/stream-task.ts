import type { KafkaClusters } from './clusters.js';
import { invalidArgument } from './errors.js';
import { isObject, type JsonObject, type Params } from './params.js';
import { fromTaskRunOptions, toTaskRunOptions } from './run-options.js';
import type { FieldPaths } from './stream-paths.js';
import { fromTaskSink, toTaskSink } from './stream-sink.js';
import { fromTaskSource, toTaskSource } from './stream-source.js';

/** Longest event stream name; Alibaba refuses longer names where conflux.yaml would cut them. */
const NAME_MAX = 127;

/** A conflux task definition built from a request, and where its fields came from (for error paths). */
export interface StreamTask {
  task: JsonObject;
  paths: FieldPaths;
}

/**
 * An event stream (CreateEventStreaming's or UpdateEventStreaming's parameters) → a conflux task
 * definition for the emulator to validate. The filter runs in the alibaba dialect; the payload
 * transform is the sink's Value (Kafka) or Body (FC, RabbitMQ) field.
 */
export function toTask(stream: Params, clusters: KafkaClusters): StreamTask {
  const paths: FieldPaths = [
    ['name', stream.at('EventStreamingName')],
    ['description', stream.at('Description')],
    ['filter', stream.at('FilterPattern')],
  ];
  const name = stream.string('EventStreamingName', { required: true });
  if (name.length > NAME_MAX)
    throw invalidArgument(
      stream.at('EventStreamingName'),
      `must be at most ${NAME_MAX} characters (got ${name.length})`,
    );
  const description = stream.string('Description');
  const transforms = stream.raw.Transforms;
  if (
    transforms !== undefined &&
    transforms !== null &&
    transforms !== '' &&
    !(Array.isArray(transforms) && transforms.length === 0)
  )
    throw invalidArgument(
      stream.at('Transforms'),
      "not supported by conflux: give the transform as the sink's Value (Kafka) or Body (FC, RabbitMQ) parameter",
    );
  const source = toTaskSource(stream.object('Source', { required: true })!, clusters, paths);
  const { sink, transform } = toTaskSink(stream.object('Sink', { required: true })!, clusters, paths);
  const filter = filterOf(stream);
  const task: JsonObject = {
    name,
    ...(description ? { description } : {}),
    dialect: 'alibaba',
    source,
    ...(filter === undefined ? {} : { filter }),
    transform,
    sink,
    ...toTaskRunOptions(stream.object('RunOptions'), clusters, paths),
  };
  return { task, paths };
}

/**
 * FilterPattern is JSON text; "", absent and `{}` (which matches every event in Alibaba's rules)
 * all mean no filter. An object is taken as it is.
 */
function filterOf(stream: Params): unknown {
  const raw = stream.raw.FilterPattern;
  if (raw === undefined || raw === null || raw === '') return undefined;
  let pattern = raw;
  if (typeof raw === 'string') {
    try {
      pattern = JSON.parse(raw);
    } catch (error) {
      throw invalidArgument(
        stream.at('FilterPattern'),
        `must be the JSON text of an event pattern (${(error as Error).message})`,
      );
    }
  }
  return isObject(pattern) && Object.keys(pattern).length === 0 ? undefined : pattern;
}

/** A conflux task definition as an event stream (GetEventStreaming's fields, without Status). */
export function fromTask(task: JsonObject, clusters: KafkaClusters): JsonObject {
  return {
    EventStreamingName: task.name,
    Description: typeof task.description === 'string' ? task.description : '',
    Source: fromTaskSource(isObject(task.source) ? task.source : {}, clusters),
    FilterPattern: task.filter === undefined ? '{}' : JSON.stringify(task.filter),
    Sink: fromTaskSink(isObject(task.sink) ? task.sink : {}, task.transform, clusters),
    RunOptions: fromTaskRunOptions(task, clusters),
  };
}
