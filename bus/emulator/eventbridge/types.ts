import type { Json } from '../../event.js';
import type { Pattern } from '../../pattern/index.js';
import type { Router } from '../../router/index.js';
import type { Input } from './input.js';
import type { Schedule } from './schedule-expression.js';
import type { RuleSchedules } from './schedules.js';
import type { EventBridgeStore } from './store.js';
import type { TargetInput } from './target-input.js';
import type { TargetDispatcher } from './targets.js';

/** A rule target as PutTargets gave it (`Id`, `Arn` and whatever else), echoed by ListTargetsByRule. */
export interface Target {
  Id: string;
  Arn: string;
  [parameter: string]: unknown;
}

/** A rule's state; the CloudTrail variant matches like ENABLED. */
export type RuleState = 'ENABLED' | 'DISABLED' | 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';

/** A rule on one bus. Only enabled rules with a pattern are in the bus's router. */
export interface Rule {
  name: string;
  arn: string;
  bus: string;
  state: RuleState;
  /** The pattern text as given (DescribeRule returns it unchanged) and its compiled form. */
  eventPattern?: { text: string; compiled: Pattern };
  /** The schedule as given (DescribeRule returns it unchanged) and its parsed form. */
  scheduleExpression?: { text: string; compiled: Schedule };
  description?: string;
  roleArn?: string;
  /** Targets by id, in the order they were first put. */
  targets: Map<string, Target>;
  /** Each target's Input / InputPath / InputTransformer, compiled, by target id (kept with `targets`). */
  inputs: Map<string, TargetInput>;
}

/** An event bus: its rules, and a router holding the enabled ones. */
export interface Bus {
  name: string;
  arn: string;
  description?: string;
  created: Date;
  modified: Date;
  rules: Map<string, Rule>;
  router: Router;
}

/**
 * An event as EventBridge delivers it to targets (the keys in AWS's order).
 * @example {"version":"0","id":"…","detail-type":"Order Paid","source":"shop","account":"000000000000","time":"2026-01-01T00:00:00Z","region":"us-east-1","resources":[],"detail":{"id":1}}
 */
export interface AwsEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: { [key: string]: Json };
}

/** What an operation works on: the store of the caller's region, where matched events go, its schedules. */
export interface OperationContext {
  store: EventBridgeStore;
  targets: TargetDispatcher;
  /** The store's scheduled rules: told after every change to rules, so timers follow them. */
  schedules: RuleSchedules;
}

/** One API operation: reads its input, answers with the response body (`{}` when AWS sends nothing). */
export type Operation = (input: Input, context: OperationContext) => object;
