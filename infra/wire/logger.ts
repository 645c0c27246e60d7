import { pino } from 'pino';
import type { TargetFailure } from '../../bus/emulator/eventbridge/targets.js';
import { messageOf } from '../../bus/errors.js';
import type { TaskListener } from '../../bus/task/task.js';

/** The emulator's structured log (pino, JSON lines on stderr); `LOG_LEVEL` sets the level (default info). */
export function emulatorLogger(destination: NodeJS.WritableStream = process.stderr) {
  return pino({ name: 'conflux', level: process.env.LOG_LEVEL ?? 'info' }, destination);
}

/** A task listener that logs state changes, retries and every dropped event with its reason. */
export function loggingListener(logger: ReturnType<typeof emulatorLogger>): TaskListener {
  return {
    stopped: (task, state, reason) =>
      state === 'failed'
        ? logger.error({ task, state, reason }, 'task failed')
        : logger.info({ task, state }, `task ${state}`),
    retrying: (task, notice) =>
      logger.warn(
        {
          task,
          attempt: notice.attempt,
          retryAt: new Date(notice.retryAt).toISOString(),
          error: messageOf(notice.error),
        },
        'delivery failed; retrying',
      ),
    dropped: (task, eventId, reason) => logger.warn({ task, eventId, reason }, 'event dropped'),
  };
}

/** Logs an EventBridge target failure: a warning for throttled entries (the caller was told), an error for accepted events not delivered. */
export function logTargetFailure(logger: ReturnType<typeof emulatorLogger>): (failure: TargetFailure) => void {
  return (failure) =>
    failure.kind === 'throttled'
      ? logger.warn(failure, 'EventBridge target queue full; PutEvents entries throttled')
      : logger.error(failure, 'EventBridge target: events not delivered');
}
