/**
 * Delivery: how a task gets each record to its sink at least once, in order per key —
 * retry policies (pure), the one place that waits (`withRetry`), error classification,
 * dead letters, and the lane each record takes.
 */
export { type Clock, ManualClock, systemClock, unrefClock } from './clock.js';
export {
  DEAD_LETTER_EXTENSIONS,
  type DeadLetterFailure,
  type DeadLetterInfo,
  type DeadLetterSource,
  fromDeadLetter,
  isDeadLetter,
  MAX_ERROR_MESSAGE,
  readDeadLetter,
  toDeadLetter,
} from './dead-letter.js';
export {
  classifyError,
  DeadLetterError,
  DeliveryAbortedError,
  DeliveryConfigError,
  DeliveryError,
  DeliveryFailedError,
  DeliveryStoppedError,
  type ErrorFields,
  type ErrorRule,
  errorCodeOf,
  permanent,
  retry,
  SinkError,
  statusVerdict,
  type Verdict,
} from './errors.js';
export { type LaneItem, laneOf, type Outcome } from './lane.js';
export {
  isRetryPolicyName,
  RETRY_SCHEDULES,
  type RetryDecision,
  type RetryPolicy,
  type RetryPolicyName,
  type RetrySchedule,
  type RetryTiming,
  RUNTIME_RETRY_SCHEDULES,
  retryPolicy,
} from './policy.js';
export {
  applyTolerance,
  type DeliverEventOptions,
  deliverEvent,
  type EventOutcome,
  type Tolerance,
} from './tolerance.js';
export { type DeliveryResult, type RetryNotice, type Send, type WithRetryOptions, withRetry } from './with-retry.js';
