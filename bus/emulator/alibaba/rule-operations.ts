import { busNameOf } from './bus-operations.js';
import type { EventRule, EventTarget } from './bus-store.js';
import { invalidArgument } from './errors.js';
import { readPattern } from './event-pattern.js';
import { page } from './paging.js';
import type { Params } from './params.js';
import { readCheckedTarget, targetView } from './targets-param.js';
import type { AlibabaContext, Operation } from './types.js';

/** Alibaba's rule names: letters, digits, `-`, `_` and `.`, up to 127 characters. */
const RULE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,126}$/;

const ruleArn = (rule: EventRule, c: AlibabaContext) =>
  `acs:eventbridge:${c.region}:${c.account}:eventbus/${rule.bus}/rule/${rule.name}`;

function ruleNameOf(p: Params): string {
  const name = p.string('RuleName', { required: true });
  if (!RULE_NAME.test(name)) throw invalidArgument(p.at('RuleName'), `The event rule name [${name}] is invalid!`);
  return name;
}

function statusOf(p: Params, fallback: EventRule['status']): EventRule['status'] {
  const status = p.string('Status') ?? fallback;
  if (status !== 'ENABLE' && status !== 'DISABLE')
    throw invalidArgument(p.at('Status'), `must be ENABLE or DISABLE (got "${status}")`);
  return status;
}

/** Every target of a request's Targets list, read and checked. */
function targetsOf(p: Params, c: AlibabaContext): EventTarget[] {
  return p.objects('Targets').map((t) => readCheckedTarget(t, c));
}

/** A rule as GetRule and ListRules show it. */
function ruleView(rule: EventRule, c: AlibabaContext) {
  return {
    RuleARN: ruleArn(rule, c),
    EventBusName: rule.bus,
    RuleName: rule.name,
    Description: rule.description,
    Status: rule.status,
    FilterPattern: rule.filterPattern,
    Targets: [...rule.targets.values()].map(targetView),
    Ctime: rule.ctime,
    Mtime: rule.mtime,
  };
}

const createRule: Operation = async (p, c) => {
  const bus = busNameOf(p);
  c.buses.bus(bus);
  const filterPattern = p.string('FilterPattern') ?? '';
  const now = Date.now();
  const rule: EventRule = {
    name: ruleNameOf(p),
    bus,
    description: p.string('Description') ?? '',
    status: statusOf(p, 'ENABLE'),
    filterPattern,
    pattern: readPattern(filterPattern, p.at('FilterPattern')),
    targets: new Map(targetsOf(p, c).map((t) => [t.Id, t])),
    ctime: now,
    mtime: now,
  };
  c.buses.putRule(rule);
  return { RuleARN: ruleArn(rule, c) };
};

const getRule: Operation = async (p, c) => ruleView(c.buses.rule(busNameOf(p), ruleNameOf(p)), c);

const listRules: Operation = async (p, c) => {
  const prefix = p.string('RuleNamePrefix') ?? '';
  const all = [...c.buses.bus(busNameOf(p)).rules.values()].filter((rule) => rule.name.startsWith(prefix));
  const { items, next } = page(p, all);
  return {
    Rules: items.map((rule) => ruleView(rule, c)),
    ...(next === undefined ? {} : { NextToken: next }),
    Total: all.length,
  };
};

/** UpdateRule: the Description, Status and FilterPattern given replace the rule's; its targets stay. */
const updateRule: Operation = async (p, c) => {
  const old = c.buses.rule(busNameOf(p), ruleNameOf(p));
  const filterPattern = p.has('FilterPattern') ? (p.string('FilterPattern') ?? '') : old.filterPattern;
  c.buses.putRule(
    {
      ...old,
      description: p.string('Description') ?? old.description,
      status: statusOf(p, old.status),
      filterPattern,
      pattern: readPattern(filterPattern, p.at('FilterPattern')),
      mtime: Date.now(),
    },
    { replace: true },
  );
  return {};
};

const setStatus =
  (status: EventRule['status']): Operation =>
  async (p, c) => {
    const rule = c.buses.rule(busNameOf(p), ruleNameOf(p));
    c.buses.putRule({ ...rule, status, mtime: Date.now() }, { replace: true });
    return {};
  };

const deleteRule: Operation = async (p, c) => {
  c.buses.deleteRule(busNameOf(p), ruleNameOf(p));
  return {};
};

/** The rule operations by name. */
export const RULE_OPERATIONS: Readonly<Record<string, Operation>> = {
  CreateRule: createRule,
  GetRule: getRule,
  ListRules: listRules,
  UpdateRule: updateRule,
  EnableRule: setStatus('ENABLE'),
  DisableRule: setStatus('DISABLE'),
  DeleteRule: deleteRule,
};
