import type { TaskState } from './types.js';

/**
 * conflux's task states under the names the Alibaba EventBridge console and API (an event
 * stream's `Status`) give them, so a task reads the same in both:
 *
 * | conflux   | Alibaba         | when                                                       |
 * |-----------|-----------------|------------------------------------------------------------|
 * | `created` | `READY`         | created with `start: false`, never started                 |
 * | `running` | `RUNNING`       | consuming                                                  |
 * | `paused`  | `STOPPED`       | paused through the API or console (PauseEventStreaming)    |
 * | `stopped` | `STOPPED`       | its source ended                                           |
 * | `failed`  | `RUNNING_FAILED`| stopped by a failure: `tolerance: NONE`, or a source error |
 *
 * The reason a failed task stopped is shown beside it (`reason`), as the console shows it.
 */
export const ALIBABA_STATES: Readonly<Record<TaskState, string>> = {
  created: 'READY',
  running: 'RUNNING',
  paused: 'STOPPED',
  stopped: 'STOPPED',
  failed: 'RUNNING_FAILED',
};

/** A conflux task state under Alibaba's name for it. @example alibabaState('paused') // 'STOPPED' */
export function alibabaState(state: TaskState): string {
  return ALIBABA_STATES[state];
}
