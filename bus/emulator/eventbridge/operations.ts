import { createEventBus, deleteEventBus, describeEventBus, listEventBuses } from './bus-operations.js';
import { AwsError } from './errors.js';
import type { Operation } from './operation.js';
import { testEventPattern } from './patterns.js';
import { putEvents } from './put-events.js';
import { deleteRule, describeRule, disableRule, enableRule, listRules, putRule } from './rule-operations.js';
import { listRuleNamesByTarget, listTargetsByRule, putTargets, removeTargets } from './target-operations.js';

/** The `X-Amz-Target` prefix of every EventBridge call (`AWSEvents.PutEvents`). */
export const TARGET_PREFIX = 'AWSEvents.';

/** Every operation the emulator serves, by its AWS name: the one list, as LocalStack's `@handler`s. */
export const OPERATIONS: Readonly<Record<string, Operation>> = {
  PutEvents: putEvents,
  PutRule: putRule,
  DescribeRule: describeRule,
  ListRules: listRules,
  DeleteRule: deleteRule,
  EnableRule: enableRule,
  DisableRule: disableRule,
  PutTargets: putTargets,
  ListTargetsByRule: listTargetsByRule,
  RemoveTargets: removeTargets,
  ListRuleNamesByTarget: listRuleNamesByTarget,
  TestEventPattern: testEventPattern,
  CreateEventBus: createEventBus,
  DescribeEventBus: describeEventBus,
  ListEventBuses: listEventBuses,
  DeleteEventBus: deleteEventBus,
};

/** The operation an `X-Amz-Target` header names; UnknownOperationException for anything else. */
export function operationOf(target: string | undefined): Operation {
  const name = target?.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : undefined;
  const operation = name !== undefined && Object.hasOwn(OPERATIONS, name) ? OPERATIONS[name] : undefined;
  if (operation === undefined) {
    const what = target === undefined ? 'no X-Amz-Target header' : `X-Amz-Target ${target}`;
    throw new AwsError('UnknownOperationException', `The EventBridge emulator has no operation for ${what}.`);
  }
  return operation;
}
