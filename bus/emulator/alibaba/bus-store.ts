import type { CloudEvent } from '../../event.js';
import { Router } from '../../router/index.js';
import { AlibabaError } from './errors.js';
import type { TransformSpec } from './target-parameter.js';

/** A rule target as CreateTargets gave it, with its body transform (from ParamList) ready to run. */
export interface EventTarget {
  Id: string;
  Type: string;
  Endpoint: string;
  PushRetryStrategy?: string;
  ParamList: { ResourceKey: string; Form: string; Value?: string; Template?: string }[];
  /** What the target receives: the `body` parameter's transform (ORIGINAL: the event itself). */
  body: TransformSpec;
}

/** A rule on a bus. An enabled rule with a pattern is in the bus's router; one without matches every event. */
export interface EventRule {
  name: string;
  bus: string;
  description: string;
  status: 'ENABLE' | 'DISABLE';
  /** The pattern text as given; '' or '{}' match every event. */
  filterPattern: string;
  pattern: unknown;
  targets: Map<string, EventTarget>;
  ctime: number;
  mtime: number;
}

/** An event bus with its rules. */
export interface EventBus {
  name: string;
  description: string;
  created: number;
  rules: Map<string, EventRule>;
  router: Router;
}

/** Alibaba's bus every account has. */
export const DEFAULT_BUS = 'default';

/**
 * The buses, rules and targets of the Alibaba API, in memory for one run. Each bus keeps its
 * enabled rules in the router the AWS API uses (bus/router), with the alibaba dialect, so an
 * event is matched by one walk of the paths the rules name.
 */
export class AlibabaBusStore {
  private readonly buses = new Map<string, EventBus>();

  constructor() {
    this.add(DEFAULT_BUS, '');
  }

  /** A bus by name; EventBusNotExist when missing. */
  bus(name: string): EventBus {
    const bus = this.buses.get(name);
    if (bus === undefined) throw new AlibabaError('EventBusNotExist', `The event bus [${name}] not existed!`);
    return bus;
  }

  /** Every bus, in creation order. */
  all(): EventBus[] {
    return [...this.buses.values()];
  }

  /** A new bus; EventBusAlreadyExist when taken. */
  create(name: string, description: string): EventBus {
    if (this.buses.has(name))
      throw new AlibabaError('EventBusAlreadyExist', `The event bus [${name}] already existed!`);
    return this.add(name, description);
  }

  /** Deletes a bus that has no rules left (EventBusRuleNotEmptyForDelete otherwise). */
  delete(name: string): void {
    const bus = this.bus(name);
    if (bus.rules.size > 0)
      throw new AlibabaError(
        'EventBusRuleNotEmptyForDelete',
        `The rules of eventbus [${name}] exist, please delete them before delete event bus.`,
      );
    this.buses.delete(name);
  }

  /** A rule of a bus; EventRuleNotExisted when missing. */
  rule(busName: string, name: string): EventRule {
    const rule = this.bus(busName).rules.get(name);
    if (rule === undefined)
      throw new AlibabaError('EventRuleNotExisted', `The event rule [${name}] of event bus [${busName}] not existed!`);
    return rule;
  }

  /** Adds a rule (EventRuleAlreadyExist when taken) or, with `replace`, puts it in place of the old one. */
  putRule(rule: EventRule, options: { replace?: boolean } = {}): void {
    const bus = this.bus(rule.bus);
    if (!options.replace && bus.rules.has(rule.name))
      throw new AlibabaError(
        'EventRuleAlreadyExist',
        `The event rule [${rule.name}] of event bus [${rule.bus}] already existed!`,
      );
    bus.rules.set(rule.name, rule);
    bus.router.removeRule(rule.name);
    if (rule.status === 'ENABLE' && rule.pattern !== undefined)
      bus.router.addRule(rule.name, rule.pattern, { dialect: 'alibaba' });
  }

  /** Deletes a rule with its targets. */
  deleteRule(busName: string, name: string): void {
    const bus = this.bus(busName);
    this.rule(busName, name);
    bus.rules.delete(name);
    bus.router.removeRule(name);
  }

  /** The enabled rules of a bus an event matches (a rule without a pattern matches all). */
  matching(bus: EventBus, event: CloudEvent): EventRule[] {
    const routed = new Set(bus.router.match(event));
    return [...bus.rules.values()].filter(
      (rule) => rule.status === 'ENABLE' && (rule.pattern === undefined || routed.has(rule.name)),
    );
  }

  private add(name: string, description: string): EventBus {
    const bus = { name, description, created: Date.now(), rules: new Map(), router: new Router() };
    this.buses.set(name, bus);
    return bus;
  }
}
