import { busNameOf } from './arns.js';
import { AwsError } from './errors.js';
import type { Input } from './input.js';
import { ARN, EVENT_BUS_NAME_OR_ARN, TARGET_ID } from './names.js';
import { page, readPage } from './paging.js';
import { readRule } from './rule-operations.js';
import type { OperationContext, Target } from './types.js';

/** At most this many targets in one PutTargets call, and ids in one RemoveTargets call. */
const MAX_PUT = 10;
const MAX_REMOVE = 100;

function readTarget(item: Input | string): Target {
  if (typeof item === 'string') throw new AwsError('SerializationException', "Expected a structure at 'targets'.");
  const id = item.required('Id', TARGET_ID);
  const arn = item.required('Arn', ARN);
  return { ...item.raw(), Id: id, Arn: arn };
}

/**
 * PutTargets: adds or replaces targets of a rule by id (five at most on a rule). An Arn
 * `arn:conflux:task:<task>` delivers to that task; other ARNs are kept and get nothing.
 */
export function putTargets(input: Input, { store }: OperationContext): object {
  const { name, bus } = readRule(input, 'Rule');
  const targets = input.list('Targets', { min: 1, max: MAX_PUT }, readTarget);
  input.done();
  const rule = store.rule(bus, name);
  const malformed = targets.find((target) => !target.Arn.startsWith('arn:'));
  if (malformed !== undefined)
    throw new AwsError(
      'ValidationException',
      `Parameter ${malformed.Arn} is not valid. Reason: Provided Arn is not in correct format.`,
    );
  store.putTargets(rule, targets);
  return { FailedEntryCount: 0, FailedEntries: [] };
}

/** ListTargetsByRule: a rule's targets as they were put, paged. */
export function listTargetsByRule(input: Input, { store }: OperationContext): object {
  const { name, bus } = readRule(input, 'Rule');
  const request = readPage(input);
  input.done();
  const { items, nextToken } = page([...store.rule(bus, name).targets.values()], request);
  return { Targets: items, ...(nextToken === undefined ? {} : { NextToken: nextToken }) };
}

/** RemoveTargets: ids the rule does not have come back in `FailedEntries`. */
export function removeTargets(input: Input, { store }: OperationContext): object {
  const { name, bus } = readRule(input, 'Rule');
  const ids = input.list('Ids', { min: 1, max: MAX_REMOVE }, (item, i) => input.member(item, 'Ids', i, TARGET_ID));
  input.boolean('Force');
  input.done();
  const failed = store.removeTargets(store.rule(bus, name), ids);
  return { FailedEntryCount: failed.length, FailedEntries: failed };
}

/** ListRuleNamesByTarget: the rules of a bus with a target of this ARN. */
export function listRuleNamesByTarget(input: Input, { store }: OperationContext): object {
  const arn = input.required('TargetArn', ARN);
  const busName = busNameOf(input.string('EventBusName', EVENT_BUS_NAME_OR_ARN));
  const request = readPage(input);
  input.done();
  const names = [...store.bus(busName).rules.values()]
    .filter((rule) => [...rule.targets.values()].some((target) => target.Arn === arn))
    .map((rule) => rule.name);
  const { items, nextToken } = page(names, request);
  return { RuleNames: items, ...(nextToken === undefined ? {} : { NextToken: nextToken }) };
}
