/**
 * A conflux task state as an event stream's Status. Alibaba's values, as the Terraform provider
 * (alicloud_event_bridge_event_streaming) waits on them: READY, STARTING, RUNNING, PAUSED,
 * STARTING_FAILED, RUNNING_FAILED. conflux starts and pauses within the call, so STARTING is
 * never seen; a start that fails answers the StartEventStreaming call with the reason, so a
 * failed task is one that stopped while running (tolerance NONE, a source error).
 *
 * | conflux   | Status         |
 * |-----------|----------------|
 * | created   | READY          |
 * | running   | RUNNING        |
 * | paused    | PAUSED         |
 * | stopped   | PAUSED         |
 * | failed    | RUNNING_FAILED |
 */
export function statusOf(state: string): string {
  switch (state) {
    case 'created':
      return 'READY';
    case 'running':
      return 'RUNNING';
    case 'failed':
      return 'RUNNING_FAILED';
    default:
      return 'PAUSED';
  }
}
