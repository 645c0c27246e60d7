import { messageOf } from '../../errors.js';
import type { CloudEvent } from '../../event.js';

/** A target ARN naming a conflux task: matched events go through that task's transform and sink. */
export const TASK_ARN_PREFIX = 'arn:conflux:task:';

/** What hands events to a task's transform and sink (the emulator's `deliver`). */
export interface TaskDelivery {
  /**
   * Delivers `events` through the task, settling each by its tolerance; resolves with how many
   * were not delivered (dead-lettered, dropped, or cut short by a stop) and why, and rejects when
   * none could be (no such task, or it is not running).
   */
  deliver(task: string, events: CloudEvent[]): Promise<{ undelivered: number; reason?: string }>;
}

/** How many events were handed to one target ARN, how many failed or were refused, and the last failure. */
export interface TargetCounts {
  sent: number;
  failed: number;
  /** Entries refused with ThrottlingException because this target's queue was full. */
  throttled: number;
  /** Events for ARNs no sender serves: accepted, stored, and delivered nowhere. */
  ignored: number;
  lastError?: string;
}

/** One target failure, as the dispatcher reports it to its `onFailure` (the emulator logs it). */
export interface TargetFailure {
  arn: string;
  /** How many events it concerns. */
  events: number;
  reason: string;
  /** `throttled`: refused at PutEvents (the caller saw the error); `failed`: accepted, then not delivered. */
  kind: 'throttled' | 'failed';
}

/** How much may wait for one target: events, and bytes of their JSON. */
export interface TargetQueueLimits {
  events: number;
  bytes: number;
}

/** The default bound of each target's queue. */
export const TARGET_QUEUE_LIMITS: TargetQueueLimits = { events: 4096, bytes: 16 * 1024 * 1024 };

type Sender = (arn: string, events: CloudEvent[], delivery: TaskDelivery) => ReturnType<TaskDelivery['deliver']>;

/** Senders by ARN prefix, as LocalStack picks a TargetSender by service (first match wins). */
const SENDERS: readonly { prefix: string; send: Sender }[] = [
  {
    prefix: TASK_ARN_PREFIX,
    send: (arn, events, delivery) => delivery.deliver(arn.slice(TASK_ARN_PREFIX.length), events),
  },
];

interface Queue {
  tail: Promise<void>;
  events: number;
  bytes: number;
}

/**
 * Sends matched events to rule targets after PutEvents has answered, as AWS does: a target
 * that fails does not fail the PutEvents call. Sends to one ARN run one after another, so a
 * task receives events in the order they were put. Each target's queue is bounded (`fits`):
 * PutEvents refuses entries that would overflow it with ThrottlingException, so an accepted
 * event is never dropped for want of room. Every failure is counted and reported to `onFailure`.
 */
export class TargetDispatcher {
  private readonly queues = new Map<string, Queue>();
  private readonly counts = new Map<string, TargetCounts>();
  private readonly limits: TargetQueueLimits;
  private readonly onFailure: (failure: TargetFailure) => void;

  constructor(
    private readonly delivery: TaskDelivery,
    options: { limits?: TargetQueueLimits; onFailure?: (failure: TargetFailure) => void } = {},
  ) {
    this.limits = options.limits ?? TARGET_QUEUE_LIMITS;
    this.onFailure = options.onFailure ?? (() => {});
  }

  /** True when `events` more events of `bytes` JSON bytes fit in the target's queue now (always, for ARNs delivered nowhere). */
  fits(arn: string, events: number, bytes: number): boolean {
    if (senderOf(arn) === undefined) return true;
    const queue = this.queues.get(arn);
    const [queuedEvents, queuedBytes] = queue === undefined ? [0, 0] : [queue.events, queue.bytes];
    return queuedEvents + events <= this.limits.events && queuedBytes + bytes <= this.limits.bytes;
  }

  /** Counts and reports entries refused because the target's queue was full. */
  throttled(arn: string, events: number): void {
    this.countsOf(arn).throttled += events;
    this.onFailure({
      arn,
      events,
      kind: 'throttled',
      reason: `the target's queue is full (${this.limits.events} events or ${this.limits.bytes} bytes)`,
    });
  }

  /**
   * Queues `events` (already shaped as the task takes them: see `taskEventOf`) for the target with
   * this ARN; `bytes` is their JSON size. A send that does not fit (a schedule firing into a full
   * queue) is counted as throttled and reported instead.
   */
  send(arn: string, events: CloudEvent[], bytes = eventBytes(events)): void {
    const counts = this.countsOf(arn);
    const sender = senderOf(arn);
    if (sender === undefined) {
      counts.ignored += events.length;
      return;
    }
    if (!this.fits(arn, events.length, bytes)) {
      this.throttled(arn, events.length);
      return;
    }
    const queue = this.queues.get(arn) ?? { tail: Promise.resolve(), events: 0, bytes: 0 };
    queue.events += events.length;
    queue.bytes += bytes;
    const settled = (undelivered: number, reason: string | undefined) => {
      queue.events -= events.length;
      queue.bytes -= bytes;
      counts.sent += events.length - undelivered;
      if (undelivered === 0) return;
      counts.failed += undelivered;
      counts.lastError = reason;
      this.onFailure({ arn, events: undelivered, kind: 'failed', reason: reason ?? 'not delivered' });
    };
    const next = queue.tail
      .then(() => sender.send(arn, events, this.delivery))
      .then(
        (outcome) => settled(outcome.undelivered, outcome.reason),
        (error: unknown) => settled(events.length, messageOf(error)),
      )
      .finally(() => {
        if (this.queues.get(arn)?.tail === next) this.queues.delete(arn);
      });
    queue.tail = next;
    this.queues.set(arn, queue);
  }

  /** Resolves once everything queued so far was sent or failed. */
  async idle(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.tail));
  }

  /** The counts of one target ARN (zeros when nothing was sent to it). */
  stats(arn: string): TargetCounts {
    return { ...this.countsOf(arn) };
  }

  private countsOf(arn: string): TargetCounts {
    let counts = this.counts.get(arn);
    if (counts === undefined) {
      counts = { sent: 0, failed: 0, throttled: 0, ignored: 0 };
      this.counts.set(arn, counts);
    }
    return counts;
  }
}

function senderOf(arn: string): (typeof SENDERS)[number] | undefined {
  return SENDERS.find((s) => arn.startsWith(s.prefix));
}

/** The bytes of events as JSON: what a queued event costs in memory, about. */
export function eventBytes(events: readonly CloudEvent[]): number {
  let bytes = 0;
  for (const event of events) bytes += Buffer.byteLength(JSON.stringify(event));
  return bytes;
}
