import type { TaskView } from '../view.js';
import { invalidArgument } from './errors.js';
import { page } from './paging.js';
import { isObject, type JsonObject, Params } from './params.js';
import type { FieldPaths } from './stream-paths.js';
import { fromTask, toTask } from './stream-task.js';
import { asAlibabaError } from './task-errors.js';
import type { AlibabaContext, Operation } from './types.js';

const arnOf = (name: string, c: AlibabaContext) => `acs:eventbridge:${c.region}:${c.account}:eventstreaming/${name}`;

/** Runs an emulator call, answering its refusals in Alibaba's words. */
async function onTask<T>(c: AlibabaContext, name: string, call: () => Promise<T> | T, paths?: FieldPaths): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw asAlibabaError(error, name, paths, c.tasks.list().length);
  }
}

/** A stream's definition in Alibaba's shape, with its Status. */
function streamOf(name: string, c: AlibabaContext): JsonObject {
  const definition = c.tasks.definition(name) as unknown;
  const stream = fromTask(isObject(definition) ? definition : { name }, c.clusters);
  return { ...stream, Status: c.tasks.view(name).alibabaState };
}

const nameOf = (p: Params) => p.string('EventStreamingName', { required: true });

/** CreateEventStreaming: a new task, READY (not running) until StartEventStreaming, as Alibaba creates streams. */
const createEventStreaming: Operation = async (p, c) => {
  const { task, paths } = toTask(p, c.clusters);
  const name = String(task.name);
  await onTask(c, name, () => c.tasks.create(task, { start: false }), paths);
  return { EventStreamingARN: arnOf(name, c) };
};

/**
 * UpdateEventStreaming: the fields given replace the stream's; those left out stay as they are
 * (Source and Sink types cannot change). A running stream keeps running.
 */
const updateEventStreaming: Operation = async (p, c) => {
  const name = nameOf(p);
  const current = await onTask(c, name, () => streamOf(name, c));
  const given = Object.fromEntries(Object.entries(p.raw).filter(([, v]) => v !== undefined && v !== null));
  const merged = new Params({ ...current, ...given });
  const { task, paths } = toTask(merged, c.clusters);
  await onTask(c, name, () => c.tasks.update(name, task), paths);
  return {};
};

const getEventStreaming: Operation = async (p, c) => {
  const name = nameOf(p);
  return onTask(c, name, () => streamOf(name, c));
};

const deleteEventStreaming: Operation = async (p, c) => {
  const name = nameOf(p);
  await onTask(c, name, () => c.tasks.remove(name));
  return {};
};

const startEventStreaming: Operation = async (p, c) => {
  const name = nameOf(p);
  await onTask(c, name, () => c.tasks.start(name));
  return {};
};

const pauseEventStreaming: Operation = async (p, c) => {
  const name = nameOf(p);
  await onTask(c, name, () => c.tasks.pause(name));
  return {};
};

/** ListEventStreamings: by NamePrefix (and SourceType/SinkType: the parameters key), Limit (1 to 100) at a time from NextToken. */
const listEventStreamings: Operation = async (p, c) => {
  const prefix = p.string('NamePrefix') ?? '';
  const sourceType = p.string('SourceType');
  const sinkType = p.string('SinkType');
  const all = c.tasks
    .list()
    .filter((view) => view.name.startsWith(prefix))
    .map((view) => streamOf(view.name, c))
    .filter((s) => sourceType === undefined || (isObject(s.Source) && s.Source[sourceType] !== undefined))
    .filter((s) => sinkType === undefined || (isObject(s.Sink) && s.Sink[sinkType] !== undefined));
  const { items, next } = page(p, all);
  return { EventStreamings: items, ...(next === undefined ? {} : { NextToken: next }), Total: all.length };
};

function metricOf(view: TaskView): JsonObject {
  const { metrics } = view;
  const heartbeat = metrics.lastHeartbeat === null ? undefined : Date.parse(metrics.lastHeartbeat);
  return {
    Name: view.name,
    TPS: metrics.tps,
    ...(metrics.delayMs === null ? {} : { DelayTime: metrics.delayMs }),
    ...(metrics.backlog === undefined || metrics.backlog === null ? {} : { DiffOffset: metrics.backlog }),
    ...(heartbeat === undefined ? {} : { LastHeartBeat: heartbeat }),
    ...(heartbeat === undefined || metrics.delayMs === null ? {} : { LastDateSyncTime: heartbeat - metrics.delayMs }),
    Status: view.alibabaState,
  };
}

/** ListEventStreamingMetrics: TPS, delay, diff offset (backlog), heartbeat and Status of the named streams (all when none is named). */
const listEventStreamingMetrics: Operation = async (p, c) => {
  const names = p.strings('EventStreamingNames') ?? c.tasks.list().map((view) => view.name);
  if (names.length === 0 && p.has('EventStreamingNames'))
    throw invalidArgument(p.at('EventStreamingNames'), 'name at least one event stream');
  const metrics: JsonObject[] = [];
  for (const name of names) {
    metrics.push(metricOf(await onTask(c, name, () => c.tasks.metrics(name))));
  }
  return { EventStreamingMetrics: metrics };
};

/** The event-streaming operations by name. */
export const STREAMING_OPERATIONS: Readonly<Record<string, Operation>> = {
  CreateEventStreaming: createEventStreaming,
  GetEventStreaming: getEventStreaming,
  ListEventStreamings: listEventStreamings,
  UpdateEventStreaming: updateEventStreaming,
  DeleteEventStreaming: deleteEventStreaming,
  StartEventStreaming: startEventStreaming,
  PauseEventStreaming: pauseEventStreaming,
  ListEventStreamingMetrics: listEventStreamingMetrics,
};
