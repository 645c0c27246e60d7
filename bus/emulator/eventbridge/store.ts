import type { Pattern } from '../../pattern/index.js';
import { Router } from '../../router/index.js';
import { ACCOUNT, busArn, DEFAULT_BUS, ruleArn } from './arns.js';
import { AwsError, busNotFound, ruleNotFound } from './errors.js';
import type { Schedule } from './schedule-expression.js';
import type { TargetInput } from './target-input.js';
import type { AwsEvent, Bus, Rule, RuleState, Target } from './types.js';

/** AWS's limit of targets on one rule. */
export const MAX_TARGETS_PER_RULE = 5;

/** What PutRule sets; a later PutRule replaces all of it (targets stay). */
export interface RuleFields {
  state: RuleState;
  eventPattern?: { text: string; compiled: Pattern };
  scheduleExpression?: { text: string; compiled: Schedule };
  description?: string;
  roleArn?: string;
}

/**
 * The buses, rules and targets of one account in one region, in memory (one emulator run).
 * Pure state: names are validated by the operations before they get here. The `default` bus
 * always exists. Each bus keeps its enabled rules in a Router, so matching an event is one
 * walk of the paths the rules use, not one pass per rule.
 */
export class EventBridgeStore {
  readonly account = ACCOUNT;
  private readonly buses = new Map<string, Bus>();

  constructor(readonly region: string) {
    this.addBus(DEFAULT_BUS);
  }

  /** A bus by name; ResourceNotFoundException when missing. */
  bus(name: string): Bus {
    const bus = this.buses.get(name);
    if (bus === undefined) throw busNotFound(name);
    return bus;
  }

  /** A bus by name, or undefined (PutEvents reports a missing bus per entry, not by throwing). */
  findBus(name: string): Bus | undefined {
    return this.buses.get(name);
  }

  /** Every bus, in creation order (`default` first). */
  allBuses(): Bus[] {
    return [...this.buses.values()];
  }

  /** Creates a custom bus; ResourceAlreadyExistsException when taken (`default` always is). */
  createBus(name: string, description?: string): Bus {
    if (this.buses.has(name)) throw new AwsError('ResourceAlreadyExistsException', `Event bus ${name} already exists.`);
    return this.addBus(name, description);
  }

  /** Deletes a custom bus with its rules; a missing bus is no error (as AWS), `default` is refused. */
  deleteBus(name: string): void {
    if (name === DEFAULT_BUS) throw new AwsError('ValidationException', `Cannot delete event bus ${DEFAULT_BUS}.`);
    this.buses.delete(name);
  }

  /** A rule of a bus; ResourceNotFoundException when the bus or the rule is missing. */
  rule(busName: string, name: string): Rule {
    const bus = this.bus(busName);
    const rule = bus.rules.get(name);
    if (rule === undefined) throw ruleNotFound(name, bus.name);
    return rule;
  }

  /** Creates or replaces a rule (its targets are kept). */
  putRule(busName: string, name: string, fields: RuleFields): Rule {
    const bus = this.bus(busName);
    const old = bus.rules.get(name);
    const targets = old?.targets ?? new Map<string, Target>();
    const inputs = old?.inputs ?? new Map<string, TargetInput>();
    const rule: Rule = { name, arn: ruleArn(this.region, bus.name, name), bus: bus.name, targets, inputs, ...fields };
    bus.rules.set(name, rule);
    this.route(bus, rule);
    return rule;
  }

  /** Deletes a rule; refused while it has targets unless `force`; a missing rule is no error (as AWS). */
  deleteRule(busName: string, name: string, force = false): void {
    const bus = this.bus(busName);
    const rule = bus.rules.get(name);
    if (rule === undefined) return;
    if (rule.targets.size > 0 && !force)
      throw new AwsError('ValidationException', "Rule can't be deleted since it has targets.");
    bus.rules.delete(name);
    bus.router.removeRule(name);
  }

  /** Enables or disables a rule: only enabled rules match events. */
  setState(busName: string, name: string, state: RuleState): void {
    const rule = this.rule(busName, name);
    rule.state = state;
    this.route(this.bus(busName), rule);
  }

  /** Adds or replaces targets (with their compiled input) by id; LimitExceededException past five on the rule. */
  putTargets(rule: Rule, targets: { target: Target; input: TargetInput }[]): void {
    const ids = new Set([...rule.targets.keys(), ...targets.map((t) => t.target.Id)]);
    if (ids.size > MAX_TARGETS_PER_RULE)
      throw new AwsError('LimitExceededException', 'The requested resource exceeds the maximum number allowed.');
    for (const { target, input } of targets) {
      rule.targets.set(target.Id, target);
      rule.inputs.set(target.Id, input);
    }
  }

  /** Removes targets by id; the ids the rule did not have come back as failed entries, as AWS reports them. */
  removeTargets(rule: Rule, ids: string[]): { TargetId: string; ErrorCode: string; ErrorMessage: string }[] {
    const failed = [];
    for (const id of ids) {
      rule.inputs.delete(id);
      if (rule.targets.delete(id)) continue;
      failed.push({
        TargetId: id,
        ErrorCode: 'ResourceNotFoundException',
        ErrorMessage: `Rule '${rule.name}' does not have a target with the Id '${id}'.`,
      });
    }
    return failed;
  }

  /** The enabled rules of a bus that an event matches. */
  matchingRules(bus: Bus, event: AwsEvent): Rule[] {
    return bus.router.match(event).map((name) => bus.rules.get(name)!);
  }

  private addBus(name: string, description?: string): Bus {
    const now = new Date();
    const bus: Bus = {
      name,
      arn: busArn(this.region, name),
      ...(description === undefined ? {} : { description }),
      created: now,
      modified: now,
      rules: new Map(),
      router: new Router(),
    };
    this.buses.set(name, bus);
    return bus;
  }

  private route(bus: Bus, rule: Rule): void {
    if (rule.state !== 'DISABLED' && rule.eventPattern !== undefined)
      bus.router.addRule(rule.name, rule.eventPattern.compiled);
    else bus.router.removeRule(rule.name);
  }
}
