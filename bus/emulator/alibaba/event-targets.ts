import { messageOf } from '../../errors.js';
import type { CloudEvent, Json } from '../../event.js';
import { TARGET_QUEUE_LIMITS, type TargetQueueLimits } from '../eventbridge/targets.js';
import type { EventTarget } from './bus-store.js';

/** Runs a transform spec on an event (conflux's one transform engine, handed in by infra). */
export type Transformer = (spec: unknown) => (event: CloudEvent) => Promise<string[]>;

/** Where rule targets send: a conflux task's transform and sink; says how many events it did not deliver. */
export interface TargetTasks {
  deliver(task: string, events: CloudEvent[]): Promise<{ undelivered: number; reason?: string }>;
}

/** Target types conflux delivers to: its tasks, and HTTP endpoints. */
export const TARGET_TYPES = ['conflux.task', 'http', 'https'] as const;

/** The prefix a task endpoint may carry, as AWS rule targets name tasks. */
const TASK_ARN = 'arn:conflux:task:';

/** How many events each target got, failed, and the last failure. */
export interface TargetCounts {
  sent: number;
  failed: number;
  lastError?: string;
}

interface Queue {
  tail: Promise<void>;
  events: number;
  bytes: number;
}

/**
 * Sends what rules matched to their targets after PutEvents has answered (a failing target does
 * not fail the call), one target's sends in order. Each target's queue is bounded as the AWS
 * API's are (TARGET_QUEUE_LIMITS): PutEvents asks `fits` first and fails an entry that would
 * overflow one, so an accepted event is never dropped for want of room. The target's `body` parameter shapes what it
 * gets: ORIGINAL the CloudEvent itself; another form's output reaches a task as a CloudEvent whose
 * `data` is that output (parsed when it is JSON), and an HTTP endpoint as the request body.
 */
export class EventTargets {
  private readonly queues = new Map<string, Queue>();
  private readonly counts = new Map<string, TargetCounts>();
  /** Each target's compiled body transform, compiled once. */
  private readonly compiled = new WeakMap<object, (event: CloudEvent) => Promise<string[]>>();

  constructor(
    private readonly tasks: TargetTasks,
    private readonly transformer: Transformer,
    private readonly limits: TargetQueueLimits = TARGET_QUEUE_LIMITS,
  ) {}

  /** True when `events` more events of `bytes` JSON bytes fit in the target's queue now. */
  fits(key: string, events: number, bytes: number): boolean {
    const queue = this.queues.get(key);
    const [queuedEvents, queuedBytes] = queue === undefined ? [0, 0] : [queue.events, queue.bytes];
    return queuedEvents + events <= this.limits.events && queuedBytes + bytes <= this.limits.bytes;
  }

  /** Queues `event` (`bytes` of JSON) for a target of a rule (keyed by bus, rule and target id); ask `fits` first. */
  send(key: string, target: EventTarget, event: CloudEvent, bytes: number): void {
    const counts = this.countsOf(key);
    const queue = this.queues.get(key) ?? { tail: Promise.resolve(), events: 0, bytes: 0 };
    queue.events++;
    queue.bytes += bytes;
    const settled = (failure: string | undefined) => {
      queue.events--;
      queue.bytes -= bytes;
      if (failure === undefined) counts.sent++;
      else {
        counts.failed++;
        counts.lastError = failure;
      }
    };
    const next = queue.tail
      .then(() => this.deliver(target, event))
      .then(settled, (error: unknown) => settled(messageOf(error)))
      .finally(() => {
        if (this.queues.get(key)?.tail === next) this.queues.delete(key);
      });
    queue.tail = next;
    this.queues.set(key, queue);
  }

  /** Compiles a body transform (throwing its problems) so a bad one is refused when the target is created. */
  check(spec: EventTarget['body']): void {
    this.compile(spec);
  }

  /** Resolves once everything queued so far was sent or failed. */
  async idle(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.tail));
  }

  /** A target's counts. */
  stats(key: string): TargetCounts {
    return { ...this.countsOf(key) };
  }

  /** Delivers one event; resolves with why it was not delivered, or undefined when it was. */
  private async deliver(target: EventTarget, event: CloudEvent): Promise<string | undefined> {
    const original = target.body.form === 'ORIGINAL';
    const outputs = original ? [JSON.stringify(event)] : await this.compile(target.body)(event);
    if (target.Type === 'conflux.task') {
      const task = target.Endpoint.startsWith(TASK_ARN) ? target.Endpoint.slice(TASK_ARN.length) : target.Endpoint;
      const events = original ? [event] : outputs.map((output): CloudEvent => ({ ...event, data: parsed(output) }));
      const outcome = await this.tasks.deliver(task, events);
      return outcome.undelivered === 0 ? undefined : (outcome.reason ?? 'not delivered');
    }
    for (const output of outputs) {
      const response = await fetch(target.Endpoint, {
        method: 'POST',
        headers: { 'content-type': parsed(output) === output ? 'text/plain' : 'application/json' },
        body: output,
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      if (!response.ok) return `${target.Endpoint} answered HTTP ${response.status}`;
    }
    return undefined;
  }

  private compile(spec: EventTarget['body']): (event: CloudEvent) => Promise<string[]> {
    let run = this.compiled.get(spec);
    if (run === undefined) {
      run = this.transformer(spec);
      this.compiled.set(spec, run);
    }
    return run;
  }

  private countsOf(key: string): TargetCounts {
    let counts = this.counts.get(key);
    if (counts === undefined) {
      counts = { sent: 0, failed: 0 };
      this.counts.set(key, counts);
    }
    return counts;
  }
}

/** JSON text parsed; other text as it is. */
function parsed(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}
