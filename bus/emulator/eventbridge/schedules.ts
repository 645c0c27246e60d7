import { type Clock, DeliveryAbortedError, unrefClock } from '../../delivery/index.js';
import { messageOf } from '../../errors.js';
import { DEFAULT_BUS } from './arns.js';
import { nextDue } from './schedule-expression.js';
import type { EventBridgeStore } from './store.js';
import type { Rule } from './types.js';

/** The longest wait one timer takes (Node's setTimeout limit); longer waits are chained. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Fires a scheduled rule: `at` is the due time (epoch ms) the event carries. */
export type FireRule = (rule: Rule, at: number) => void;

/**
 * The timers of one store's scheduled rules. `sync` is called after every change to rules: each
 * enabled rule with a ScheduleExpression on the default bus gets one timer loop (a rate counts
 * from when the rule was put or enabled); a rule deleted, disabled or replaced by PutRule has
 * its loop aborted. `stop()` (or aborting `signal`) clears every timer. Time comes from `clock`,
 * so tests drive schedules with ManualClock and never sleep.
 * @example const schedules = new RuleSchedules(fire, new ManualClock()); schedules.sync(store); await clock.advance(60_000);
 */
export class RuleSchedules {
  private readonly running = new Map<Rule, AbortController>();
  private stopped = false;
  /** The last error a firing threw (firings go on). */
  lastError: string | undefined;

  constructor(
    private readonly fire: FireRule,
    private readonly clock: Clock = unrefClock,
    signal?: AbortSignal,
  ) {
    if (signal?.aborted) this.stopped = true;
    signal?.addEventListener('abort', () => this.stop(), { once: true });
  }

  /** Starts loops for the scheduled rules that should run and have none; aborts the rest. */
  sync(store: EventBridgeStore): void {
    const wanted = new Set<Rule>();
    if (!this.stopped)
      for (const rule of store.bus(DEFAULT_BUS).rules.values())
        if (rule.scheduleExpression !== undefined && rule.state !== 'DISABLED') wanted.add(rule);
    for (const [rule, loop] of this.running)
      if (!wanted.has(rule)) {
        loop.abort();
        this.running.delete(rule);
      }
    for (const rule of wanted)
      if (!this.running.has(rule)) {
        const loop = new AbortController();
        this.running.set(rule, loop);
        void this.run(rule, loop.signal);
      }
  }

  /** How many rules have a timer running (for tests and metrics). */
  get size(): number {
    return this.running.size;
  }

  /** Clears every timer; later `sync` calls start none. */
  stop(): void {
    this.stopped = true;
    for (const loop of this.running.values()) loop.abort();
    this.running.clear();
  }

  private async run(rule: Rule, signal: AbortSignal): Promise<void> {
    const schedule = rule.scheduleExpression!.compiled;
    const start = this.clock.now();
    try {
      for (let due = nextDue(schedule, start, start); due !== undefined; ) {
        while (this.clock.now() < due) await this.clock.sleep(Math.min(due - this.clock.now(), MAX_TIMER_MS), signal);
        if (signal.aborted) return;
        try {
          this.fire(rule, due);
        } catch (error) {
          this.lastError = messageOf(error); // one failed firing does not stop the schedule
        }
        // A late wake-up fires once, then goes on from now: missed times are not made up.
        due = nextDue(schedule, start, Math.max(due, this.clock.now()));
      }
    } catch (error) {
      if (!(error instanceof DeliveryAbortedError)) throw error;
    }
  }
}
