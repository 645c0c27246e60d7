import { messageOf } from '../../errors.js';
import type { CloudEvent } from '../../event.js';

/** A target ARN naming a conflux task: matched events go through that task's transform and sink. */
export const TASK_ARN_PREFIX = 'arn:conflux:task:';

/** What hands events to a task's transform and sink (the emulator's `deliver`). */
export interface TaskDelivery {
  deliver(task: string, events: CloudEvent[]): Promise<unknown>;
}

/** How many events were handed to one target ARN, how many failed, and the last failure. */
export interface TargetCounts {
  sent: number;
  failed: number;
  /** Events for ARNs no sender serves: accepted, stored, and delivered nowhere. */
  ignored: number;
  lastError?: string;
}

type Sender = (arn: string, events: CloudEvent[], delivery: TaskDelivery) => Promise<unknown>;

/** Senders by ARN prefix, as LocalStack picks a TargetSender by service (first match wins). */
const SENDERS: readonly { prefix: string; send: Sender }[] = [
  {
    prefix: TASK_ARN_PREFIX,
    send: (arn, events, delivery) => delivery.deliver(arn.slice(TASK_ARN_PREFIX.length), events),
  },
];

/**
 * Sends matched events to rule targets after PutEvents has answered, as AWS does: a target
 * that fails does not fail the PutEvents call. Sends to one ARN run one after another, so a
 * task receives events in the order they were put.
 */
export class TargetDispatcher {
  private readonly queues = new Map<string, Promise<void>>();
  private readonly counts = new Map<string, TargetCounts>();

  constructor(private readonly delivery: TaskDelivery) {}

  /** Queues `events` (already shaped as the task takes them: see `taskEventOf`) for the target with this ARN. */
  send(arn: string, events: CloudEvent[]): void {
    const counts = this.countsOf(arn);
    const sender = SENDERS.find((s) => arn.startsWith(s.prefix));
    if (sender === undefined) {
      counts.ignored += events.length;
      return;
    }
    const next = (this.queues.get(arn) ?? Promise.resolve())
      .then(() => sender.send(arn, events, this.delivery))
      .then(
        () => {
          counts.sent += events.length;
        },
        (error: unknown) => {
          counts.failed += events.length;
          counts.lastError = messageOf(error);
        },
      )
      .finally(() => {
        if (this.queues.get(arn) === next) this.queues.delete(arn);
      });
    this.queues.set(arn, next);
  }

  /** Resolves once everything queued so far was sent or failed. */
  async idle(): Promise<void> {
    await Promise.all(this.queues.values());
  }

  /** The counts of one target ARN (zeros when nothing was sent to it). */
  stats(arn: string): TargetCounts {
    return { ...this.countsOf(arn) };
  }

  private countsOf(arn: string): TargetCounts {
    let counts = this.counts.get(arn);
    if (counts === undefined) {
      counts = { sent: 0, failed: 0, ignored: 0 };
      this.counts.set(arn, counts);
    }
    return counts;
  }
}
