import { busNameOf, DEFAULT_BUS } from './arns.js';
import { AwsError } from './errors.js';
import type { Input } from './input.js';
import { ARN, DESCRIPTION, EVENT_BUS_NAME_OR_ARN, RULE_NAME, RULE_STATE, SCHEDULE_EXPRESSION } from './names.js';
import type { OperationContext } from './operation.js';
import { page, readPage } from './paging.js';
import { compileEventPattern } from './patterns.js';
import { parseSchedule } from './schedule-expression.js';
import type { Rule, RuleState } from './types.js';

/** A rule as ListRules shows it; DescribeRule adds `CreatedBy`. */
function ruleView(rule: Rule) {
  return {
    Name: rule.name,
    Arn: rule.arn,
    ...(rule.eventPattern === undefined ? {} : { EventPattern: rule.eventPattern.text }),
    ...(rule.scheduleExpression === undefined ? {} : { ScheduleExpression: rule.scheduleExpression.text }),
    State: rule.state,
    ...(rule.description === undefined ? {} : { Description: rule.description }),
    ...(rule.roleArn === undefined ? {} : { RoleArn: rule.roleArn }),
    EventBusName: rule.bus,
  };
}

/** The rule name (in `nameField`) and bus that rule and target operations start with. */
export function readRule(input: Input, nameField = 'Name'): { name: string; bus: string } {
  const name = input.required(nameField, RULE_NAME);
  const bus = busNameOf(input.string('EventBusName', EVENT_BUS_NAME_OR_ARN));
  return { name, bus };
}

/**
 * PutRule: creates or replaces a rule on an existing bus (its targets stay). It needs an
 * EventPattern (checked as AWS checks it) or a ScheduleExpression (default bus only; parsed here,
 * fired by the store's RuleSchedules).
 */
export function putRule(input: Input, { store, schedules }: OperationContext): object {
  const { name, bus } = readRule(input);
  const patternText = input.string('EventPattern');
  const schedule = input.string('ScheduleExpression', SCHEDULE_EXPRESSION);
  const state = (input.string('State', RULE_STATE) ?? 'ENABLED') as RuleState;
  const description = input.string('Description', DESCRIPTION);
  const roleArn = input.string('RoleArn', ARN);
  input.done();
  store.bus(bus);
  if (!patternText && !schedule)
    throw new AwsError('ValidationException', 'Parameter(s) EventPattern or ScheduleExpression must be specified.');
  if (schedule && bus !== DEFAULT_BUS)
    throw new AwsError('ValidationException', 'ScheduleExpression is supported only on the default event bus.');
  const rule = store.putRule(bus, name, {
    state,
    ...(patternText ? { eventPattern: { text: patternText, compiled: compileEventPattern(patternText) } } : {}),
    ...(schedule ? { scheduleExpression: { text: schedule, compiled: parseSchedule(schedule) } } : {}),
    ...(description === undefined ? {} : { description }),
    ...(roleArn === undefined ? {} : { roleArn }),
  });
  schedules.sync(store);
  return { RuleArn: rule.arn };
}

/** DescribeRule: one rule, with the account that created it. */
export function describeRule(input: Input, { store }: OperationContext): object {
  const { name, bus } = readRule(input);
  input.done();
  return { ...ruleView(store.rule(bus, name)), CreatedBy: store.account };
}

/** ListRules: the rules of a bus whose names start with `NamePrefix`, paged. */
export function listRules(input: Input, { store }: OperationContext): object {
  const prefix = input.string('NamePrefix', RULE_NAME) ?? '';
  const busName = busNameOf(input.string('EventBusName', EVENT_BUS_NAME_OR_ARN));
  const request = readPage(input);
  input.done();
  const rules = [...store.bus(busName).rules.values()].filter((rule) => rule.name.startsWith(prefix));
  const { items, nextToken } = page(rules, request);
  return { Rules: items.map(ruleView), ...(nextToken === undefined ? {} : { NextToken: nextToken }) };
}

/** DeleteRule: refused while the rule has targets (remove them first), as AWS refuses it. */
export function deleteRule(input: Input, { store, schedules }: OperationContext): object {
  const { name, bus } = readRule(input);
  const force = input.boolean('Force');
  input.done();
  store.deleteRule(bus, name, force);
  schedules.sync(store);
  return {};
}

/** EnableRule: the rule matches events again (a schedule starts again from now). */
export function enableRule(input: Input, { store, schedules }: OperationContext): object {
  const { name, bus } = readRule(input);
  input.done();
  store.setState(bus, name, 'ENABLED');
  schedules.sync(store);
  return {};
}

/** DisableRule: the rule stays, with its targets, but matches nothing and its schedule stops. */
export function disableRule(input: Input, { store, schedules }: OperationContext): object {
  const { name, bus } = readRule(input);
  input.done();
  store.setState(bus, name, 'DISABLED');
  schedules.sync(store);
  return {};
}
