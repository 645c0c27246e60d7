import { z } from 'zod';
import { isTopicName } from '../../../bus/log/embedded/topics.js';
import { checkTransform } from '../../transformers/compile.js';
import { describeValue, suggest } from './config-issues.js';

/**
 * Building blocks every source and sink `config.ts` uses, so the same kind of field reads
 * and fails the same way everywhere (`must be an integer from 1 to 32 (got 40)`).
 */

/** A transform spec as a sink field receives it: `{form: JSONPATH, value: "$.data.value.id"}` and friends. */
export type TransformSpec = { form: string } & Record<string, unknown>;

/**
 * A string where a spec is expected is shorthand, following the TEMPLATE rule for values:
 * `"$.data.value.id"` (starts with `$`) selects with JSONPATH, anything else is a CONSTANT.
 * @example expandSpec('orders') // → {form: 'CONSTANT', value: 'orders'}
 */
export function expandSpec(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return value.startsWith('$') ? { form: 'JSONPATH', value } : { form: 'CONSTANT', value };
}

/**
 * A field that takes a transform spec (key, headers, table columns, routing key, subject).
 * Checked by `checkTransform`, whose issue paths land inside the field (`sink.key.form`).
 */
export function transformSpec(description: string, options: { shorthand?: boolean; byDialect?: boolean } = {}) {
  const shorthand = options.shorthand ?? true;
  // A task's own transform follows the file's dialect, which this field cannot see: it is checked
  // here by the laxer alibaba rules, and the config's checks add what aws refuses besides.
  const check = options.byDialect === true ? { dialect: 'alibaba' as const } : {};
  return z
    .unknown()
    .transform((value, ctx) => {
      if (value === undefined) {
        ctx.addIssue({ code: 'custom', message: 'required: a transform spec (e.g. {form: JSONPATH, value: $.data})' });
        return z.NEVER;
      }
      const spec = shorthand ? expandSpec(value) : value;
      for (const issue of checkTransform(spec, check)) {
        ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message, input: value });
      }
      return spec as TransformSpec;
    })
    .describe(
      shorthand
        ? `${description} A transform spec; a plain string is shorthand: "$.path" → JSONPATH, else CONSTANT.`
        : `${description} A transform spec.`,
    );
}

/** A mapping of names to transform specs, e.g. HTTP headers or table columns. */
export function specMap(description: string) {
  return z.record(nonEmptyString('a name'), transformSpec('')).describe(description);
}

/** An integer within bounds, worded `must be an integer from 1 to 32 (got 40)`. */
export function intRange(min: number, max: number) {
  const error = (issue: { input?: unknown }) =>
    issue.input === undefined
      ? `required: an integer from ${min} to ${max}`
      : `must be an integer from ${min} to ${max} (got ${describeValue(issue.input)})`;
  return z.int({ error }).min(min, { error }).max(max, { error });
}

/** A string that must not be empty. */
export function nonEmptyString(what = 'a non-empty string') {
  const error = (issue: { input?: unknown }) =>
    issue.input === undefined ? `required: ${what}` : `must be ${what} (got ${describeValue(issue.input)})`;
  return z.string({ error }).min(1, { error });
}

/** One of a fixed set of values (`must be one of none, gzip (got "zip")`), with a "did you mean" hint for near misses. */
export function oneOf<const T extends readonly [string | number, ...(string | number)[]]>(values: T) {
  const list = values.join(', ');
  return z.literal(values, {
    error: (issue) => {
      if (issue.input === undefined) return `required: one of ${list}`;
      const words = values.map(String);
      const hint = typeof issue.input === 'string' ? suggest(issue.input, words) : undefined;
      return `must be one of ${list} (got ${describeValue(issue.input)})${hint ? `; did you mean "${hint}"?` : ''}`;
    },
  });
}

/** A URL whose scheme is one of `schemes` (without the colon), e.g. `url(['redis', 'rediss'])`. */
export function url(schemes: readonly string[]) {
  const wanted = schemes.map((s) => `${s}://`).join(' or ');
  return nonEmptyString(`a ${wanted} URL`).refine(
    (text) => {
      try {
        return schemes.includes(new URL(text).protocol.slice(0, -1));
      } catch {
        return false;
      }
    },
    { error: (issue) => `must be a ${wanted} URL (got ${describeValue(issue.input)})` },
  );
}

/** Kafka bootstrap servers as `host:port` strings; omitted means the embedded bus. */
export function brokers() {
  const hostPort = z.string().regex(/^[^\s:]+:\d{1,5}$/, {
    error: (issue) => `must be host:port, e.g. "127.0.0.1:9092" (got ${describeValue(issue.input)})`,
  });
  return z
    .array(hostPort, { error: (issue) => `must be a list of host:port strings (got ${describeValue(issue.input)})` })
    .min(1, { error: 'must list at least one broker (omit brokers to use the embedded bus)' })
    .describe('Kafka bootstrap servers (host:port). Omitted: the embedded bus.');
}

/** NATS servers as addresses; the local default server when omitted. */
export function natsServers() {
  return z
    .array(nonEmptyString('a server address, e.g. "127.0.0.1:4222"'))
    .min(1, { error: 'must list at least one server' })
    .default(['127.0.0.1:4222'])
    .describe('The servers to connect to (default ["127.0.0.1:4222"]).');
}

/** A dotted SQL identifier such as `orders` or `sales.orders`; kept strict because it is written into SQL. */
export function sqlIdentifier(what: string) {
  return nonEmptyString(what).regex(/^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?$/, {
    error: (issue) =>
      `must be ${what}: letters, digits, _ and $, not starting with a digit, optionally schema-qualified (got ${describeValue(issue.input)})`,
  });
}

/** A Kafka topic name as Kafka accepts it: 1-249 of A-Z a-z 0-9 . _ - (not `.` or `..`). */
export function topicName() {
  const error = (issue: { input?: unknown }) =>
    issue.input === undefined
      ? 'required: a topic name'
      : `must be a Kafka topic name: 1 to 249 of A-Z a-z 0-9 . _ - (got ${describeValue(issue.input)})`;
  return z.string({ error }).refine(isTopicName, { error });
}

/**
 * The union of source or sink configs, told apart by `type`; an unknown type is worded
 * `unknown sink type "postgre"; expected one of kafka, http, … (did you mean "postgres"?)`.
 */
export function typeUnion<const T extends readonly [z.core.$ZodTypeDiscriminable, ...z.core.$ZodTypeDiscriminable[]]>(
  kind: 'source' | 'sink',
  options: T,
  types: readonly string[],
) {
  return z.discriminatedUnion('type', options, {
    error: (issue) => {
      const list = types.join(', ');
      if (issue.input === undefined) return `required: a ${kind} with a type, one of ${list}`;
      if (issue.input === null || typeof issue.input !== 'object' || Array.isArray(issue.input)) {
        return `must be a mapping with a ${kind} type (got ${describeValue(issue.input)})`;
      }
      if (issue.code !== 'invalid_union' || issue.note !== 'No matching discriminator') return undefined;
      const type = (issue.input as { type?: unknown }).type;
      if (type === undefined) return `required: the ${kind} type, one of ${list}`;
      const hint = typeof type === 'string' ? suggest(type, types) : undefined;
      return `unknown ${kind} type ${describeValue(type)}; expected one of ${list}${hint ? ` (did you mean "${hint}"?)` : ''}`;
    },
  });
}

/** `schema.optional()` keeping the field's description (zod drops it on the wrapper). */
export function optional<S extends z.ZodType>(schema: S) {
  return schema.optional().describe(schema.description ?? '');
}

/** The config fields marked `secret`: kept as given, but never shown (API answers, console, logs). */
const SECRET_FIELDS = new WeakSet<z.ZodType>();

/**
 * Marks a connector's config field as secret (a password, a token, a URL with credentials): the
 * emulator shows `REDACTED` in its place, and an update that sends `REDACTED` back keeps the value.
 * Mark the field as it sits in the schema's shape (after `.optional()` / `.describe()`).
 *
 * @example token: secret(nonEmptyString('a secret token').optional().describe('…'))
 */
export function secret<S extends z.ZodType>(schema: S): S {
  SECRET_FIELDS.add(schema);
  return schema;
}

/** True for a field marked with `secret`. */
export function isSecret(schema: z.ZodType): boolean {
  return SECRET_FIELDS.has(schema);
}
