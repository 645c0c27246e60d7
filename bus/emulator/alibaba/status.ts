/**
 * A conflux task state as an event stream Status: a created task is READY (Alibaba creates streams
 * stopped; StartEventStreaming runs them), a stopped one PAUSED, one that failed STARTING_FAILED —
 * the Status Alibaba gives a stream that could not run.
 */
export function statusOf(state: string): string {
  switch (state) {
    case 'created':
      return 'READY';
    case 'running':
      return 'RUNNING';
    case 'failed':
      return 'STARTING_FAILED';
    default:
      return 'PAUSED';
  }
}
