import type { Task } from '../task/task.js';
import { alibabaState } from './alibaba-states.js';

/** A task as the task API shows it. */
export interface TaskView {
  name: string;
  state: string;
  /** The state under the name Alibaba's console gives it (alibaba-states.ts). */
  alibabaState: string;
  reason?: string;
  /** From the task store: where the task was defined and when it was created and last changed. */
  origin?: 'file' | 'api';
  createdAt?: string;
  updatedAt?: string;
  metrics: {
    eventsIn: number;
    eventsOut: number;
    eventsFiltered: number;
    deadLettered: number;
    dropped: number;
    retries: number;
    /** Events delivered per second over the last minute's window. */
    tps: number;
    /** Now − the `time` of the last delivered event, as of the last heartbeat. */
    delayMs: number | null;
    lastHeartbeat: string | null;
    /** Records not yet committed (diff offset); only from the metrics call. */
    backlog?: number | null;
  };
}

/** The view of a task, with its backlog when it was read. */
export function viewOf(task: Task, backlog?: number | null): TaskView {
  const { lastHeartbeat, lastEventTime, batches: _batches, ...counts } = task.counters;
  const status = task.status();
  return {
    name: task.name,
    state: status.state,
    alibabaState: alibabaState(status.state),
    ...(status.reason === undefined ? {} : { reason: status.reason }),
    metrics: {
      ...counts,
      tps: task.rate.perSecond(),
      delayMs: lastEventTime === null || lastHeartbeat === null ? null : lastHeartbeat - lastEventTime,
      lastHeartbeat: lastHeartbeat === null ? null : new Date(lastHeartbeat).toISOString(),
      ...(backlog === undefined ? {} : { backlog }),
    },
  };
}
