import type { TaskState } from '../task/contract.js';

/**
 * conflux's task states under the names Alibaba EventBridge gives an event stream's `Status`
 * (GetEventStreaming / ListEventStreamings), so a task reads the same in the task API, the console
 * and the Alibaba API. Alibaba's values, as the Terraform provider (alicloud_event_bridge_event_streaming)
 * waits on them: READY, STARTING, RUNNING, PAUSED, STARTING_FAILED, RUNNING_FAILED.
 *
 * | conflux   | Alibaba          | when                                                             |
 * |-----------|------------------|------------------------------------------------------------------|
 * | `created` | `READY`          | never started                                                    |
 * | `running` | `RUNNING`        | consuming                                                        |
 * | `paused`  | `PAUSED`         | paused through an API or the console (PauseEventStreaming)       |
 * | `stopped` | `PAUSED`         | its source ended                                                 |
 * | `failed`  | `RUNNING_FAILED` | stopped by a failure while running — `tolerance: NONE`, a source that broke — with `reason` beside it |
 *
 * conflux starts and pauses within the call, so STARTING is never seen; a start that fails
 * answers that call with the reason (STARTING_FAILED's case), and a resume of a failed task
 * starts it again.
 */
export const ALIBABA_STATES: Readonly<Record<TaskState, string>> = {
  created: 'READY',
  running: 'RUNNING',
  paused: 'PAUSED',
  stopped: 'PAUSED',
  failed: 'RUNNING_FAILED',
};

/** A conflux task state under Alibaba's name for it. @example alibabaState('paused') // 'PAUSED' */
export function alibabaState(state: TaskState): string {
  return ALIBABA_STATES[state];
}
