import type { TaskState } from './types.js';

/**
 * conflux's task states under the names Alibaba EventBridge gives an event stream's `Status`
 * (GetEventStreaming / ListEventStreamings, shown by the console: READY, STARTING, RUNNING,
 * STOPPING, STOPPED, STARTING_FAILED, …), so a task reads the same in both:
 *
 * | conflux   | Alibaba           | when                                                             |
 * |-----------|-------------------|------------------------------------------------------------------|
 * | `created` | `READY`           | never started                                                    |
 * | `running` | `RUNNING`         | consuming                                                        |
 * | `paused`  | `STOPPED`         | paused through an API or the console (PauseEventStreaming)       |
 * | `stopped` | `STOPPED`         | its source ended                                                 |
 * | `failed`  | `STARTING_FAILED` | stopped by a failure — `tolerance: NONE`, a source that broke — with `reason` beside it |
 *
 * Alibaba's list has no value for a stream that failed while running; STARTING_FAILED is the one
 * it shows for a stream that cannot run, and a resume of a failed task starts it again.
 */
export const ALIBABA_STATES: Readonly<Record<TaskState, string>> = {
  created: 'READY',
  running: 'RUNNING',
  paused: 'STOPPED',
  stopped: 'STOPPED',
  failed: 'STARTING_FAILED',
};

/** A conflux task state under Alibaba's name for it. @example alibabaState('paused') // 'STOPPED' */
export function alibabaState(state: TaskState): string {
  return ALIBABA_STATES[state];
}
