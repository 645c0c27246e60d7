import { pino } from 'pino';
import type { TaskListener } from '../../bus/emulator/task.js';
import { messageOf } from '../../bus/errors.js';

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
