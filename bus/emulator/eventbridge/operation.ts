import type { Input } from './input.js';
import type { RuleSchedules } from './schedules.js';
import type { EventBridgeStore } from './store.js';
import type { TargetDispatcher } from './targets.js';

/** What an operation works on: the store of the caller's region, where matched events go, its schedules. */
export interface OperationContext {
  store: EventBridgeStore;
  targets: TargetDispatcher;
  /** The store's scheduled rules: told after every change to rules, so timers follow them. */
  schedules: RuleSchedules;
}

/** One API operation: reads its input, answers with the response body (`{}` when AWS sends nothing). */
export type Operation = (input: Input, context: OperationContext) => object;
