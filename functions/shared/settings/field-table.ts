import type { Issue } from '../../../bus/errors.js';

/**
 * The declarative field table of a connector's settings: each field's kind, presence (required,
 * optional, or a default), whether it is secret, and its doc. Plain data, no zod: the zod schema
 * (`conflux validate`, the task API) is generated from it by field-zod.ts, the check a deployed
 * function runs by field-check.ts, and the console's forms read it as JSON.
 */

/** A transform spec as a sink field receives it: `{form: JSONPATH, value: "$.data.value.id"}` and friends. */
export type TransformSpec = { form: string } & Record<string, unknown>;

/** What the names of a `specs` field must look like (SQL columns: letters, digits, _ and $). */
export interface NameRule {
  pattern: RegExp;
  /** The message for a name that does not match. */
  message: string;
  /** The message when the mapping is empty. */
  empty: string;
}

/** The kinds of value a field may hold; each has one zod form and one deployed check. */
export type FieldKind =
  /** A non-empty string, `what` naming it in messages; with `pattern`, it must also match (`mismatch` says how). */
  | { kind: 'text'; what: string; pattern?: RegExp; mismatch?: string }
  /** Any string, the empty one too. */
  | { kind: 'anyText' }
  | { kind: 'integer'; min: number; max: number }
  | { kind: 'boolean' }
  | { kind: 'oneOf'; values: readonly (string | number)[] }
  /** A URL whose scheme is one of `schemes` (without the colon). */
  | { kind: 'url'; schemes: readonly string[] }
  /** A Kafka topic name. */
  | { kind: 'topic' }
  /** Kafka bootstrap servers, host:port each. */
  | { kind: 'brokers' }
  /** A transform spec; a string is shorthand (`$…` → JSONPATH, else CONSTANT). */
  | { kind: 'spec' }
  /** Names → transform specs (headers, table columns). */
  | { kind: 'specs'; names?: NameRule }
  /**
   * A list of at least `min` strings (non-empty ones when `nonEmpty` names them, each of kind `item`
   * when given); `tooShort` words a shorter one, `notList` (e.g. "a list of paths") what is not a list.
   */
  | { kind: 'list'; min: number; tooShort: string; nonEmpty?: string; item?: FieldKind; notList?: string }
  /** A regular expression given as text; `what` names it in messages, one that does not compile is worded with the engine's reason. */
  | { kind: 'regex'; what: string }
  /** A nested mapping with a field table of its own (strict: unknown keys are issues). */
  | { kind: 'object'; fields: Fields }
  /**
   * A non-empty string (`what` naming it), or a mapping with a table of its own (a Kafka
   * consumerGroup: a name, or `{name, existing}`); a mapping's problems name its keys.
   */
  | { kind: 'textOr'; what: string; fields: Fields };

/** A field kind carrying (in its type only) the value it holds. */
export type Kind<T> = FieldKind & { readonly _value?: T };

/** How a field may be left out: never, freely, or by taking its default. */
export type Presence = 'required' | 'optional' | 'default';

/** One row of the table. */
export interface Field<T = unknown, P extends Presence = Presence> {
  of: Kind<T>;
  presence: P;
  /** The value taken when the field is left out (presence `default`). */
  default?: T;
  /** A password, a token, a URL with credentials: kept, but never shown (see infra/config/secrets.ts). */
  secret?: boolean;
  /** One or two sentences for users: the README, the console, `conflux validate`'s schema. */
  doc: string;
}

/** Field name → row. */
export type Fields = Record<string, Field>;

/** A check across fields (`ttlSeconds` only with command set), on the settings with defaults filled. */
export type Refine = (value: Record<string, unknown>, issues: Issue[]) => void;

/** The settings of a table once checked: required and defaulted fields present, optional ones maybe. */
export type ValueOf<F extends Fields> = {
  -readonly [K in keyof F as F[K]['presence'] extends 'optional' ? never : K]: F[K] extends Field<infer T> ? T : never;
} & {
  -readonly [K in keyof F as F[K]['presence'] extends 'optional' ? K : never]?: F[K] extends Field<infer T> ? T : never;
};

type More = { secret?: boolean };

/** A field that must be given. @example required(topic(), 'The topic records are produced to.') */
export function required<T>(of: Kind<T>, doc: string, more: More = {}): Field<T, 'required'> {
  return { of, presence: 'required', doc, ...more };
}

/** A field that may be left out (and then is absent). */
export function optional<T>(of: Kind<T>, doc: string, more: More = {}): Field<T, 'optional'> {
  return { of, presence: 'optional', doc, ...more };
}

/** A field that takes `value` when left out. @example withDefault(integer(1, 900_000), 3000, 'How long…') */
export function withDefault<T>(of: Kind<T>, value: NoInfer<T>, doc: string, more: More = {}): Field<T, 'default'> {
  return { of, presence: 'default', default: value, doc, ...more };
}

/** A non-empty string; `what` names it in messages (`required: a file path`). */
export function text(what = 'a non-empty string', match?: { pattern: RegExp; mismatch: string }): Kind<string> {
  return match === undefined ? { kind: 'text', what } : { kind: 'text', what, ...match };
}

/** Any string, the empty one too. */
export function anyText(): Kind<string> {
  return { kind: 'anyText' };
}

/** An integer from `min` to `max`. */
export function integer(min: number, max: number): Kind<number> {
  return { kind: 'integer', min, max };
}

/** true or false. */
export function boolean(): Kind<boolean> {
  return { kind: 'boolean' };
}

/** One of a fixed set of values. @example oneOf([0, 1, 'all']) */
export function oneOf<const T extends readonly [string | number, ...(string | number)[]]>(values: T): Kind<T[number]> {
  return { kind: 'oneOf', values };
}

/** A URL whose scheme is one of `schemes`. @example url(['redis', 'rediss']) */
export function url(schemes: readonly string[]): Kind<string> {
  return { kind: 'url', schemes };
}

/** A Kafka topic name. */
export function topic(): Kind<string> {
  return { kind: 'topic' };
}

/** Kafka bootstrap servers (`host:port`). */
export function brokers(): Kind<string[]> {
  return { kind: 'brokers' };
}

/** A transform spec (a string is shorthand). */
export function spec(): Kind<TransformSpec> {
  return { kind: 'spec' };
}

/** Names → transform specs, the names held to `names` when given. */
export function specs(names?: NameRule): Kind<Record<string, TransformSpec>> {
  return names === undefined ? { kind: 'specs' } : { kind: 'specs', names };
}

/** A list of at least `min` strings; `nonEmpty` (the words for one item) forbids empty ones. */
export function list(min: number, tooShort: string, nonEmpty?: string): Kind<string[]> {
  return nonEmpty === undefined ? { kind: 'list', min, tooShort } : { kind: 'list', min, tooShort, nonEmpty };
}

/**
 * A list of at least `min` items, each of kind `item` (text with a pattern, oneOf…); `tooShort` words a shorter one.
 * @example listOf(oneOf(['POST', 'PUT']), 1, 'must list at least one method')
 */
export function listOf<T>(item: Kind<T>, min: number, tooShort: string, notList?: string): Kind<T[]> {
  return notList === undefined ? { kind: 'list', min, tooShort, item } : { kind: 'list', min, tooShort, item, notList };
}

/** A name, or a mapping of `fields`. @example textOr('a group id, or {name, existing}', { name: required(text(), 'The id.') }) */
export function textOr<const F extends Fields>(what: string, fields: F): Kind<string | ValueOf<F>> {
  return { kind: 'textOr', what, fields };
}

/** A regular expression given as text. @example regex('a regular expression') */
export function regex(what: string): Kind<string> {
  return { kind: 'regex', what };
}

/** A nested mapping of `fields`. @example object({ stream: required(text('a stream name'), 'The stream.') }) */
export function object<const F extends Fields>(fields: F): Kind<ValueOf<F>> {
  return { kind: 'object', fields };
}

/**
 * The names of a `specs` field checked against its rule: at least one, each matching
 * (run on any mapping, beside the specs' own issues).
 */
export function checkNames(rule: NameRule, value: unknown, path: (string | number)[], issues: Issue[]): void {
  if (value === null || typeof value !== 'object') return;
  // An empty name is already an issue of the mapping (and zod drops its entry before this runs).
  const names = Object.keys(value).filter((name) => name !== '');
  if (names.length === 0) issues.push({ path, message: rule.empty });
  for (const name of names) {
    if (!rule.pattern.test(name)) issues.push({ path: [...path, name], message: rule.message });
  }
}

/** Why `text` does not compile as a regular expression, or undefined when it does. */
export function regexProblem(text: string): string | undefined {
  try {
    new RegExp(text);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
