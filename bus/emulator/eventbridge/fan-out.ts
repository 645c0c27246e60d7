import type { CloudEvent } from '../../event.js';
import { taskEventOf } from './event.js';
import type { AwsEvent, Rule } from './types.js';

/**
 * Adds to `queued` (by target ARN) what each target of a matched rule receives for one event,
 * shaped by that target's input settings. PutEvents and schedules both fan out this way, so a
 * target gets the same shape whichever way its rule fired.
 */
export function queueForTargets(
  rule: Rule,
  event: AwsEvent,
  ingestionTime: Date,
  queued: Map<string, CloudEvent[]>,
): void {
  const context = { ruleArn: rule.arn, ruleName: rule.name, ingestionTime };
  for (const target of rule.targets.values()) {
    const output = rule.inputs.get(target.Id)?.apply(event, context) ?? { kind: 'event' };
    const taskEvent = taskEventOf(output, event);
    const list = queued.get(target.Arn);
    if (list === undefined) queued.set(target.Arn, [taskEvent]);
    else list.push(taskEvent);
  }
}
