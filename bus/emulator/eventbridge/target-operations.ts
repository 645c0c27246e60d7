import { busNameOf } from './arns.js';
import { AwsError } from './errors.js';
import type { Input } from './input.js';
import {
  ARN,
  EVENT_BUS_NAME_OR_ARN,
  INPUT_PATHS_KEY,
  INPUT_TEMPLATE,
  MAX_INPUT_PATHS,
  TARGET_ID,
  TARGET_INPUT,
  TARGET_INPUT_PATH,
} from './names.js';
import type { OperationContext } from './operation.js';
import { page, readPage } from './paging.js';
import { readRule } from './rule-operations.js';
import { compileTargetInput, type TargetInputSpec } from './target-input.js';
import type { Target } from './types.js';

/** At most this many targets in one PutTargets call, and ids in one RemoveTargets call. */
const MAX_PUT = 10;
const MAX_REMOVE = 100;

/** A target as put, with its input settings read for compiling. */
interface ReadTarget {
  target: Target;
  spec: TargetInputSpec;
}

function readTarget(item: Input | string): ReadTarget {
  if (typeof item === 'string') throw new AwsError('SerializationException', "Expected a structure at 'targets'.");
  const id = item.required('Id', TARGET_ID);
  const arn = item.required('Arn', ARN);
  const input = item.string('Input', TARGET_INPUT);
  const inputPath = item.string('InputPath', TARGET_INPUT_PATH);
  const transformer = item.structure('InputTransformer');
  const paths = transformer?.map('InputPathsMap', MAX_INPUT_PATHS, INPUT_PATHS_KEY, TARGET_INPUT_PATH);
  const template = transformer?.required('InputTemplate', INPUT_TEMPLATE);
  const spec: TargetInputSpec = {
    id,
    ...(input === undefined ? {} : { input }),
    ...(inputPath === undefined ? {} : { inputPath }),
    ...(template === undefined ? {} : { transformer: { paths: paths ?? {}, template } }),
  };
  return { target: { ...item.raw(), Id: id, Arn: arn }, spec };
}

/**
 * PutTargets: adds or replaces targets of a rule by id (five at most on a rule). An Arn
 * `arn:conflux:task:<task>` delivers to that task; other ARNs are kept and get nothing. Each
 * target's Input / InputPath / InputTransformer is checked and compiled here, once.
 */
export function putTargets(input: Input, { store }: OperationContext): object {
  const { name, bus } = readRule(input, 'Rule');
  const targets = input.list('Targets', { min: 1, max: MAX_PUT }, readTarget);
  input.done();
  const rule = store.rule(bus, name);
  const malformed = targets.find(({ target }) => !target.Arn.startsWith('arn:'));
  if (malformed !== undefined)
    throw new AwsError(
      'ValidationException',
      `Parameter ${malformed.target.Arn} is not valid. Reason: Provided Arn is not in correct format.`,
    );
  const compiled = targets.map(({ target, spec }, i) => ({ target, input: compileTargetInput(spec, i) }));
  store.putTargets(rule, compiled);
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
