import type { Issue } from '../../../bus/errors.js';
import { isTopicName } from '../../../bus/log/embedded/topics.js';
import { checkTransform } from '../../transformers/compile.js';

/**
 * Checks for the settings a deployed sink reads from its environment. They mirror the sink's zod
 * schema in `config.ts` (same accepted values, defaults and issue paths; a test holds them to it),
 * without bundling zod: zod alone would put a sink bundle over the 300 KB and 100 ms cold-start
 * limits. The full schema still checks every setting where it is written (`conflux validate`,
 * `conflux package`).
 */

/** One field's check: the value to keep (defaults applied), issues pushed with their path. */
export type FieldCheck = (value: unknown, path: (string | number)[], issues: Issue[]) => unknown;

/** A field and whether it may be left out (with the default it then takes). */
export interface FieldSpec {
  check: FieldCheck;
  optional?: boolean;
  default?: unknown;
}

/** Checks a whole settings object: every field known, required ones present, defaults filled. */
export type SettingsCheck<T> = (raw: unknown) => { value: T; issues: Issue[] };

const describe = (value: unknown) =>
  value === undefined
    ? 'nothing'
    : typeof value === 'string'
      ? JSON.stringify(value)
      : Array.isArray(value)
        ? 'a list'
        : String(value);

/** A field check from a test of the value and the words for what it must be. */
const must =
  (holds: (value: unknown) => boolean, what: string): FieldCheck =>
  (value, path, issues) => {
    if (!holds(value)) issues.push({ path, message: `must be ${what} (got ${describe(value)})` });
    return value;
  };

/** A strict object of `fields`: unknown keys are issues, as zod's strictObject reports them. */
export function strictSettings<T>(fields: Record<string, FieldSpec>): SettingsCheck<T> {
  return (raw) => {
    const issues: Issue[] = [];
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      return { value: {} as T, issues: [{ path: [], message: `must be a mapping (got ${describe(raw)})` }] };
    }
    const input = raw as Record<string, unknown>;
    const value: Record<string, unknown> = {};
    for (const key of Object.keys(input)) {
      if (!Object.hasOwn(fields, key))
        issues.push({ path: [key], message: `unknown key; allowed keys: ${Object.keys(fields).join(', ')}` });
    }
    for (const [key, spec] of Object.entries(fields)) {
      const given = input[key];
      if (given === undefined) {
        if (spec.default !== undefined) value[key] = spec.default;
        else if (!spec.optional) issues.push({ path: [key], message: 'required' });
        continue;
      }
      value[key] = spec.check(given, [key], issues);
    }
    return { value: value as T, issues };
  };
}

/** The literal `type` of a sink. */
export function literal(expected: string | number): FieldCheck {
  return (value, path, issues) => {
    if (value !== expected)
      issues.push({ path, message: `must be ${JSON.stringify(expected)} (got ${describe(value)})` });
    return value;
  };
}

/** A string that must not be empty. */
export const nonEmptyString: FieldCheck = (value, path, issues) => {
  if (typeof value !== 'string' || value === '')
    issues.push({ path, message: `must be a non-empty string (got ${describe(value)})` });
  return value;
};

/** A Kafka topic name (1-249 of A-Z a-z 0-9 . _ -), as config-fields.ts `topicName` checks it. */
export const topicName: FieldCheck = (value, path, issues) => {
  if (typeof value !== 'string' || !isTopicName(value))
    issues.push({
      path,
      message: `must be a Kafka topic name: 1 to 249 of A-Z a-z 0-9 . _ - (got ${describe(value)})`,
    });
  return value;
};

/** One of a fixed set of values. */
export function oneOf(values: readonly (string | number)[]): FieldCheck {
  return (value, path, issues) => {
    if (!values.includes(value as string))
      issues.push({ path, message: `must be one of ${values.join(', ')} (got ${describe(value)})` });
    return value;
  };
}

/** Kafka bootstrap servers: a non-empty list of host:port strings. */
export const brokers: FieldCheck = (value, path, issues) => {
  if (!Array.isArray(value) || value.length === 0) {
    issues.push({ path, message: `must be a list of host:port strings (got ${describe(value)})` });
    return value;
  }
  value.forEach((broker, index) => {
    if (typeof broker !== 'string' || !/^[^\s:]+:\d{1,5}$/.test(broker)) {
      issues.push({
        path: [...path, index],
        message: `must be host:port, e.g. "127.0.0.1:9092" (got ${describe(broker)})`,
      });
    }
  });
  return value;
};

/** A transform spec field; a string is shorthand: `$…` → JSONPATH, anything else → CONSTANT. */
export const transformSpec: FieldCheck = (value, path, issues) => {
  const spec = typeof value === 'string' ? { form: value.startsWith('$') ? 'JSONPATH' : 'CONSTANT', value } : value;
  for (const issue of checkTransform(spec)) issues.push({ path: [...path, ...issue.path], message: issue.message });
  return spec;
};

/** Names (non-empty) → transform specs, e.g. Kafka record headers. */
export const specMap: FieldCheck = (value, path, issues) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    issues.push({ path, message: `must be a mapping (got ${describe(value)})` });
    return value;
  }
  return Object.fromEntries(
    Object.entries(value).map(([name, spec]) => {
      // As zod's record: an entry whose name is refused is not looked into.
      if (name === '') {
        issues.push({ path: [...path, name], message: 'a name must not be empty' });
        return [name, spec];
      }
      return [name, transformSpec(spec, [...path, name], issues)];
    }),
  );
};

/** Any string, the empty one too. */
export const string: FieldCheck = must((value) => typeof value === 'string', 'a string');

/** true or false. */
export const boolean: FieldCheck = must((value) => typeof value === 'boolean', 'true or false');

/** An integer from `min` to `max`. */
export function intRange(min: number, max: number): FieldCheck {
  const holds = (value: unknown) => Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
  return must(holds, `an integer from ${min} to ${max}`);
}

/** A non-empty string matching `pattern`, e.g. a table name. */
export function matching(pattern: RegExp, what: string): FieldCheck {
  return must((value) => typeof value === 'string' && value !== '' && pattern.test(value), what);
}

/** A URL whose scheme is one of `schemes` (without the colon), e.g. `url(['redis', 'rediss'])`. */
export function url(schemes: readonly string[]): FieldCheck {
  const holds = (value: unknown) => {
    if (typeof value !== 'string' || value === '') return false;
    try {
      return schemes.includes(new URL(value).protocol.slice(0, -1));
    } catch {
      return false;
    }
  };
  return must(holds, `a ${schemes.map((s) => `${s}://`).join(' or ')} URL`);
}

/** A list of at least `min` items, each checked by `item` at its index; `tooShort` words a shorter one. */
export function listOf(item: FieldCheck, min = 0, tooShort = `must have at least ${min} items`): FieldCheck {
  return (value, path, issues) => {
    if (!Array.isArray(value)) {
      issues.push({ path, message: `must be a list (got ${describe(value)})` });
      return value;
    }
    if (value.length < min) {
      issues.push({ path, message: tooShort });
      return value;
    }
    return value.map((each, index) => item(each, [...path, index], issues));
  };
}

/** Checks across fields, run on the value (defaults filled) even beside field issues, as the schema's superRefine. */
export function refined<T>(
  settings: SettingsCheck<T>,
  check: (value: Record<string, unknown>, issues: Issue[]) => void,
): SettingsCheck<T> {
  return (raw) => {
    const result = settings(raw);
    // zod runs the schema's refinement on any object input, a list too, and on nothing else.
    if (typeof raw === 'object' && raw !== null) check(result.value as Record<string, unknown>, result.issues);
    return result;
  };
}

/**
 * A settings check that also requires `field` to be given: a deployed function has no local
 * service to fall back to, so the defaults that point at 127.0.0.1 in the emulator do not apply.
 *
 * @example requiredWhenDeployed(redisSettings, 'url', 'the Redis server to write to')
 */
export function requiredWhenDeployed<T>(check: SettingsCheck<T>, field: string, what: string): SettingsCheck<T> {
  return (raw) => {
    const result = check(raw);
    const given = typeof raw === 'object' && raw !== null && (raw as Record<string, unknown>)[field] !== undefined;
    if (!given && !result.issues.some((issue) => issue.path[0] === field)) {
      result.issues.push({ path: [field], message: `required when deployed: ${what} (there is no local service)` });
    }
    return result;
  };
}
