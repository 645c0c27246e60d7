import { messageOf } from '../../errors.js';
import type { CloudEvent, Json } from '../../event.js';
import type { EventTarget } from './bus-store.js';

/** Runs a transform spec on an event (conflux's one transform engine, handed in by infra). */
export type Transformer = (spec: unknown) => (event: CloudEvent) => Promise<string[]>;

/** Where rule targets send: a conflux task's transform and sink. */
export interface TargetTasks {
  deliver(task: string, events: CloudEvent[]): Promise<unknown>;
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

/**
 * Sends what rules matched to their targets after PutEvents has answered (a failing target does
 * not fail the call), one target's sends in order. The target's `body` parameter shapes what it
 * gets: ORIGINAL the CloudEvent itself; another form's output reaches a task as a CloudEvent whose
 * `data` is that output (parsed when it is JSON), and an HTTP endpoint as the request body.
 */
export class EventTargets {
  private readonly queues = new Map<string, Promise<void>>();
  private readonly counts = new Map<string, TargetCounts>();
  /** Each target's compiled body transform, compiled once. */
  private readonly compiled = new WeakMap<object, (event: CloudEvent) => Promise<string[]>>();

  constructor(
    private readonly tasks: TargetTasks,
    private readonly transformer: Transformer,
  ) {}

  /** Queues `event` for a target of a rule (keyed by bus, rule and target id). */
  send(key: string, target: EventTarget, event: CloudEvent): void {
    const counts = this.countsOf(key);
    const next = (this.queues.get(key) ?? Promise.resolve())
      .then(() => this.deliver(target, event))
      .then(
        () => {
          counts.sent++;
        },
        (error: unknown) => {
          counts.failed++;
          counts.lastError = messageOf(error);
        },
      )
      .finally(() => {
        if (this.queues.get(key) === next) this.queues.delete(key);
      });
    this.queues.set(key, next);
  }

  /** Compiles a body transform (throwing its problems) so a bad one is refused when the target is created. */
  check(spec: EventTarget['body']): void {
    this.compile(spec);
  }

  /** Resolves once everything queued so far was sent or failed. */
  async idle(): Promise<void> {
    await Promise.all(this.queues.values());
  }

  /** A target's counts. */
  stats(key: string): TargetCounts {
    return { ...this.countsOf(key) };
  }

  private async deliver(target: EventTarget, event: CloudEvent): Promise<void> {
    const original = target.body.form === 'ORIGINAL';
    const outputs = original ? [JSON.stringify(event)] : await this.compile(target.body)(event);
    if (target.Type === 'conflux.task') {
      const task = target.Endpoint.startsWith(TASK_ARN) ? target.Endpoint.slice(TASK_ARN.length) : target.Endpoint;
      const events = original ? [event] : outputs.map((output): CloudEvent => ({ ...event, data: parsed(output) }));
      await this.tasks.deliver(task, events);
      return;
    }
    for (const output of outputs) {
      const response = await fetch(target.Endpoint, {
        method: 'POST',
        headers: { 'content-type': parsed(output) === output ? 'text/plain' : 'application/json' },
        body: output,
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`${target.Endpoint} answered HTTP ${response.status}`);
    }
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
