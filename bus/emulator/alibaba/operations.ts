import { BUS_OPERATIONS } from './bus-operations.js';
import { AlibabaError } from './errors.js';
import { putEvents, testEventPattern } from './put-events.js';
import { RULE_OPERATIONS } from './rule-operations.js';
import { STREAMING_OPERATIONS } from './streaming-operations.js';
import { TARGET_OPERATIONS } from './target-operations.js';
import type { Operation } from './types.js';

/** Every operation this API serves, by its 2020-04-01 Action name. */
export const OPERATIONS: Readonly<Record<string, Operation>> = {
  ...STREAMING_OPERATIONS,
  ...BUS_OPERATIONS,
  ...RULE_OPERATIONS,
  ...TARGET_OPERATIONS,
  PutEvents: putEvents,
  TestEventPattern: testEventPattern,
};

/** The operation an Action names; an unknown one is Alibaba's `InvalidAction.NotFound`. */
export function operationOf(action: string): Operation {
  const operation = Object.hasOwn(OPERATIONS, action) ? OPERATIONS[action] : undefined;
  if (operation === undefined)
    throw new AlibabaError(
      'InvalidAction.NotFound',
      `Specified api is not found, please check your url and method (${action}).`,
    );
  return operation;
}

/** The Action of an SDK path: `/openapi/v2/createEventStreaming` → `CreateEventStreaming`. */
export function actionOfPath(pathname: string): string {
  const last = pathname.slice(pathname.lastIndexOf('/') + 1);
  return last.charAt(0).toUpperCase() + last.slice(1);
}
