import type { Json } from '../../event.js';
import type { Pattern } from '../../pattern/index.js';
import type { Router } from '../../router/index.js';
import type { Schedule } from './schedule-expression.js';

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

/** What one delivery knows beyond the event: the rule that matched, and when the event came in. */
export interface DeliveryContext {
  ruleArn: string;
  ruleName: string;
  ingestionTime: Date;
}

/**
 * What a target receives: the whole event, or the input its settings made — the text AWS would
 * send, and its value when that text is JSON (a template that is not JSON gives text only).
 */
export type TargetOutput = { kind: 'event' } | { kind: 'input'; text: string; value?: Json };

/** A target's input settings compiled once at PutTargets, applied to every event it gets. */
export interface TargetInput {
  apply(event: AwsEvent, context: DeliveryContext): TargetOutput;
}
