import { busNameOf, DEFAULT_BUS } from './arns.js';
import { AwsError } from './errors.js';
import type { Input } from './input.js';
import { ARN, DESCRIPTION, EVENT_BUS_NAME_OR_ARN, RULE_NAME, RULE_STATE, SCHEDULE_EXPRESSION } from './names.js';
import { page, readPage } from './paging.js';
import { compileEventPattern } from './patterns.js';
import type { OperationContext, Rule, RuleState } from './types.js';

/** `rate(5 minutes)` or `cron(0 12 * * ? *)`: the two forms AWS takes (stored; the emulator runs no schedules). */
const SCHEDULE = /^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(\S+( \S+){5}\))$/;

/** A rule as ListRules shows it; DescribeRule adds `CreatedBy`. */
function ruleView(rule: Rule) {
  return {
    Name: rule.name,
    Arn: rule.arn,
    ...(rule.eventPattern === undefined ? {} : { EventPattern: rule.eventPattern.text }),
    ...(rule.scheduleExpression === undefined ? {} : { ScheduleExpression: rule.scheduleExpression }),
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
 * EventPattern (checked as AWS checks it) or a ScheduleExpression (default bus only).
 */
export function putRule(input: Input, { store }: OperationContext): object {
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
  if (schedule) {
    if (bus !== DEFAULT_BUS)
      throw new AwsError('ValidationException', 'ScheduleExpression is supported only on the default event bus.');
    if (!SCHEDULE.test(schedule))
      throw new AwsError('ValidationException', 'Parameter ScheduleExpression is not valid.');
  }
  const rule = store.putRule(bus, name, {
    state,
    ...(patternText ? { eventPattern: { text: patternText, compiled: compileEventPattern(patternText) } } : {}),
    ...(schedule ? { scheduleExpression: schedule } : {}),
    ...(description === undefined ? {} : { description }),
    ...(roleArn === undefined ? {} : { roleArn }),
  });
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
export function deleteRule(input: Input, { store }: OperationContext): object {
  const { name, bus } = readRule(input);
  const force = input.boolean('Force');
  input.done();
  store.deleteRule(bus, name, force);
  return {};
}

/** EnableRule: the rule matches events again. */
export function enableRule(input: Input, { store }: OperationContext): object {
  const { name, bus } = readRule(input);
  input.done();
  store.setState(bus, name, 'ENABLED');
  return {};
}

/** DisableRule: the rule stays, with its targets, but matches nothing. */
export function disableRule(input: Input, { store }: OperationContext): object {
  const { name, bus } = readRule(input);
  input.done();
  store.setState(bus, name, 'DISABLED');
  return {};
}
