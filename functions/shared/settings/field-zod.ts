import { z } from 'zod';
import type { Issue } from '../../../bus/errors.js';
import * as fields from './config-fields.js';
import { checkWith, describeValue } from './config-issues.js';
import { checkNames, type Field, type FieldKind, type Fields, type Refine, regexProblem } from './field-table.js';

/**
 * The zod schema generated from a field table (field-table.ts): what `conflux validate`, the
 * task API and the CLI check a connector's settings with. Its twin without zod, for deployed
 * functions, is field-check.ts; a property test holds the two to the same verdicts.
 */

/** The zod schema of one row: its value's type, optional when the row may be left out. */
type FieldZod<R> =
  R extends Field<infer V, infer P> ? (P extends 'optional' ? z.ZodOptional<z.ZodType<V>> : z.ZodType<V>) : never;

/**
 * A table's strict zod schema with its `type` literal, e.g. the `sink` of a redis task: a zod
 * object (so unions tell connectors apart by `type`) whose output is the table's value.
 */
export type ConfigSchema<T extends string, F extends Fields> = z.ZodObject<
  { type: z.ZodLiteral<T> } & { -readonly [K in keyof F]: FieldZod<F[K]> },
  z.core.$strict
>;

/** Issues of a shared check as zod issues, so both sides word and place them alike. */
function report(ctx: z.RefinementCtx, issues: Issue[]): void {
  for (const issue of issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
}

/** The zod schema of one field kind; `doc` describes the fields that carry it in their schema. */
function kindSchema(of: FieldKind, doc: string): z.ZodType {
  switch (of.kind) {
    case 'text': {
      const base = fields.nonEmptyString(of.what);
      const { pattern, mismatch } = of;
      if (pattern === undefined) return base;
      return base.regex(pattern, {
        error: (issue) => `must be ${mismatch ?? of.what} (got ${describeValue(issue.input)})`,
      });
    }
    case 'anyText':
      return z.string();
    case 'integer':
      return fields.intRange(of.min, of.max);
    case 'boolean':
      return z.boolean();
    case 'oneOf':
      return fields.oneOf(of.values as [string | number, ...(string | number)[]]);
    case 'url':
      return fields.url(of.schemes);
    case 'topic':
      return fields.topicName();
    case 'brokers':
      return fields.brokers();
    case 'spec':
      return fields.transformSpec(doc);
    case 'specs': {
      const map = fields.specMap(doc);
      const { names } = of;
      if (names === undefined) return map;
      return map.superRefine(
        (value, ctx) => {
          const issues: Issue[] = [];
          checkNames(names, value, [], issues);
          report(ctx, issues);
        },
        { when: () => true },
      );
    }
    case 'list': {
      const item =
        of.item !== undefined
          ? kindSchema(of.item, doc)
          : of.nonEmpty === undefined
            ? z.string()
            : fields.nonEmptyString(of.nonEmpty);
      const { notList } = of;
      const array =
        notList === undefined
          ? z.array(item)
          : z.array(item, { error: (issue) => `must be ${notList} (got ${describeValue(issue.input)})` });
      return array.min(of.min, { error: of.tooShort });
    }
    case 'object':
      return z.strictObject(shapeOf(of.fields));
    case 'textOr': {
      const name = fields.nonEmptyString(of.what);
      const mapping = z.strictObject(shapeOf(of.fields));
      // Checked apart, so a mapping's problems name its keys instead of a union's "no match".
      return z.unknown().transform((value, ctx) => {
        const isMapping = value !== null && typeof value === 'object' && !Array.isArray(value);
        const checked = checkWith(isMapping ? mapping : name, value);
        if (checked.ok) return checked.value;
        for (const issue of checked.issues)
          ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message, input: value });
        return z.NEVER;
      });
    }
    case 'regex':
      return fields.nonEmptyString(of.what).superRefine((text, ctx) => {
        const reason = regexProblem(text);
        if (reason !== undefined)
          ctx.addIssue({
            code: 'custom',
            message: `must be a regular expression (got ${describeValue(text)}: ${reason})`,
          });
      });
  }
}

/** The zod shape of a field table, one schema a row. */
function shapeOf(table: Fields): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, field] of Object.entries(table)) shape[name] = fieldSchema(field);
  return shape;
}

/** One field's schema: its kind, made optional or given its default, described, marked secret. */
export function fieldSchema(field: Field): z.ZodType {
  const kind = kindSchema(field.of, field.doc);
  const schema =
    field.presence === 'optional'
      ? kind.optional()
      : field.presence === 'default'
        ? kind.default(field.default as never)
        : kind;
  // A spec's own description adds the shorthand rule to the doc; zod drops descriptions on wrappers.
  const described = schema.describe(kind.description ?? field.doc);
  return field.secret === true ? fields.secret(described) : described;
}

/**
 * The strict schema of a connector's settings: its `type`, every field of the table, and the
 * cross-field `refine` (run on any mapping, beside field issues, as the deployed check does).
 *
 * @example const redisSinkConfig = configSchema({ type: 'redis', fields: redisFields, refine, doc })
 */
export function configSchema<const T extends string, F extends Fields>(declaration: {
  type: T;
  fields: F;
  refine?: Refine;
  doc: string;
}): ConfigSchema<T, F> {
  const made = generated.get(declaration);
  if (made !== undefined) return made as ConfigSchema<T, F>;
  const schema = generate(declaration);
  generated.set(declaration, schema);
  return schema as ConfigSchema<T, F>;
}

/** One schema per declaration, however many modules ask (the secret marks are per schema object). */
const generated = new WeakMap<object, z.ZodType>();

function generate(declaration: { type: string; fields: Fields; refine?: Refine; doc: string }): z.ZodType {
  const object = z.strictObject({ type: z.literal(declaration.type), ...shapeOf(declaration.fields) });
  const { refine } = declaration;
  const checked =
    refine === undefined
      ? object
      : object.superRefine(
          (value, ctx) => {
            if (value === null || typeof value !== 'object') return;
            const issues: Issue[] = [];
            refine(value as Record<string, unknown>, issues);
            report(ctx, issues);
          },
          { when: () => true },
        );
  return checked.describe(declaration.doc);
}
