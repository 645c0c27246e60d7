// What AWS accepts for each named parameter (the EventBridge API reference's constraints).
// Checked by the service, not the SDK: the JS SDK sends whatever it is given.

/** Length bounds, a regular expression (with the text AWS quotes) or an enum a value must meet. */
export interface Constraint {
  min?: number;
  max?: number;
  pattern?: { test: RegExp; text: string };
  values?: readonly string[];
}

const ruleNamePattern = { test: /^[.\-_A-Za-z0-9]+$/, text: '[\\.\\-_A-Za-z0-9]+' };

/** A rule name: 1–64 of `. - _ A-Z a-z 0-9`. */
export const RULE_NAME: Constraint = { min: 1, max: 64, pattern: ruleNamePattern };

/** A target id: the same characters and length as a rule name. */
export const TARGET_ID: Constraint = RULE_NAME;

/** An event bus name as CreateEventBus takes it (a `/` is refused later, for non-partner buses). */
export const EVENT_BUS_NAME: Constraint = {
  min: 1,
  max: 256,
  pattern: { test: /^[/.\-_A-Za-z0-9]+$/, text: '[/\\.\\-_A-Za-z0-9]+' },
};

/** Where a rule or event names its bus: the name, or the bus ARN. */
export const EVENT_BUS_NAME_OR_ARN: Constraint = {
  min: 1,
  max: 1600,
  pattern: {
    test: /^(arn:aws[\w-]*:events:[a-z]+-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/)?[/.\-_A-Za-z0-9]+$/,
    text: '(arn:aws[\\w-]*:events:[a-z]+-[a-z]+-[\\w-]+:[0-9]{12}:event-bus\\/)?[/\\.\\-_A-Za-z0-9]+',
  },
};

/** Any ARN parameter (a target's, a role's). */
export const ARN: Constraint = { min: 1, max: 1600 };

/** A target's constant `Input`, and an `InputTemplate` (which must have text). */
export const TARGET_INPUT: Constraint = { max: 8192 };
export const INPUT_TEMPLATE: Constraint = { min: 1, max: 8192 };

/** A target's `InputPath`, and each JSON path of an `InputPathsMap`. */
export const TARGET_INPUT_PATH: Constraint = { max: 256 };

/** A name in an `InputPathsMap` (the `<name>` of the template). */
export const INPUT_PATHS_KEY: Constraint = {
  min: 1,
  max: 256,
  pattern: { test: /^[A-Za-z0-9_-]+$/, text: '[A-Za-z0-9\\_\\-]+' },
};

/** At most this many entries in an `InputPathsMap`. */
export const MAX_INPUT_PATHS = 100;

/** A rule's or bus's description. */
export const DESCRIPTION: Constraint = { max: 512 };

/** A rule's schedule, `rate(…)` or `cron(…)`. */
export const SCHEDULE_EXPRESSION: Constraint = { max: 256 };

/** The states a rule can be put in. */
export const RULE_STATE: Constraint = {
  values: ['ENABLED', 'DISABLED', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'],
};

/** `Limit` of the List operations. */
export const LIMIT = { min: 1, max: 100 };

/** Every constraint a string breaks, worded as AWS words it ("Member must …"); empty when it meets them all. */
export function breaks(value: string, constraint: Constraint): string[] {
  const broken: string[] = [];
  if (constraint.min !== undefined && value.length < constraint.min)
    broken.push(`Member must have length greater than or equal to ${constraint.min}`);
  if (constraint.max !== undefined && value.length > constraint.max)
    broken.push(`Member must have length less than or equal to ${constraint.max}`);
  if (constraint.pattern !== undefined && value !== '' && !constraint.pattern.test.test(value))
    broken.push(`Member must satisfy regular expression pattern: ${constraint.pattern.text}`);
  if (constraint.values !== undefined && !constraint.values.includes(value))
    broken.push(`Member must satisfy enum value set: [${constraint.values.join(', ')}]`);
  return broken;
}
