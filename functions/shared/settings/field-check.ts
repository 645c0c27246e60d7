import type { SinkConnector } from './connector.js';
import type { FieldCheck, FieldSpec, SettingsCheck } from './deployed-settings.js';
import * as checks from './deployed-settings.js';
import { checkNames, type FieldKind, type Fields, type Refine, regexProblem, type ValueOf } from './field-table.js';

/**
 * The check a deployed function runs on its settings, generated from the same field table as the
 * zod schema (field-zod.ts) but without zod, so a bundle stays small: same accepted values,
 * defaults and issue paths (a property test holds them to it).
 */

/** The deployed check of one field kind. */
function kindCheck(of: FieldKind): FieldCheck {
  switch (of.kind) {
    case 'text':
      return of.pattern === undefined ? checks.nonEmptyString : checks.matching(of.pattern, of.mismatch ?? of.what);
    case 'anyText':
      return checks.string;
    case 'integer':
      return checks.intRange(of.min, of.max);
    case 'boolean':
      return checks.boolean;
    case 'oneOf':
      return checks.oneOf(of.values);
    case 'url':
      return checks.url(of.schemes);
    case 'topic':
      return checks.topicName;
    case 'brokers':
      return checks.brokers;
    case 'spec':
      return checks.transformSpec;
    case 'specs': {
      const { names } = of;
      if (names === undefined) return checks.specMap;
      return (value, path, issues) => {
        const specs = checks.specMap(value, path, issues);
        checkNames(names, value, path, issues);
        return specs;
      };
    }
    case 'list':
      return checks.listOf(
        of.item !== undefined ? kindCheck(of.item) : of.nonEmpty === undefined ? checks.string : checks.nonEmptyString,
        of.min,
        of.tooShort,
      );
    case 'regex':
      return (value, path, issues) => {
        checks.nonEmptyString(value, path, issues);
        const reason = typeof value === 'string' && value !== '' ? regexProblem(value) : undefined;
        if (reason !== undefined)
          issues.push({ path, message: `must be a regular expression (got ${value}: ${reason})` });
        return value;
      };
    case 'object':
      return mappingCheck(of.fields);
    case 'textOr': {
      const mapping = mappingCheck(of.fields);
      return (value, path, issues) =>
        value !== null && typeof value === 'object' && !Array.isArray(value)
          ? mapping(value, path, issues)
          : checks.nonEmptyString(value, path, issues);
    }
  }
}

/** A nested strict mapping of a table's rows, its issues under the field's path. */
function mappingCheck(table: Fields): FieldCheck {
  const nested = checks.strictSettings(specsOf(table));
  return (value, path, issues) => {
    const checked = nested(value);
    for (const issue of checked.issues) issues.push({ ...issue, path: [...path, ...issue.path] });
    return checked.value;
  };
}

/** The deployed check of each row of a field table, with its presence. */
function specsOf(table: Fields): Record<string, FieldSpec> {
  const specs: Record<string, FieldSpec> = {};
  for (const [name, field] of Object.entries(table)) {
    specs[name] = {
      check: kindCheck(field.of),
      ...(field.presence === 'optional' ? { optional: true } : {}),
      ...(field.presence === 'default' ? { default: field.default } : {}),
    };
  }
  return specs;
}

/**
 * The deployed settings check of a connector: strict (unknown keys are issues), its `type`,
 * every field of the table with defaults filled, then the cross-field `refine`.
 *
 * @example export const handler = createSinkHandler({ type: 'file', settings: settingsCheck(fileSink), connect })
 */
export function settingsCheck<const T extends string, F extends Fields>(declaration: {
  type: T;
  fields: F;
  refine?: Refine;
}): SettingsCheck<{ type: T } & ValueOf<F>> {
  const specs = { type: { check: checks.literal(declaration.type) }, ...specsOf(declaration.fields) };
  const strict = checks.strictSettings<{ type: T } & ValueOf<F>>(specs);
  return declaration.refine === undefined ? strict : checks.refined(strict, declaration.refine);
}

/**
 * The check a sink's bundle runs on `CONFLUX_SINK`: its settings check, plus the field a deployed
 * function must be given although the emulator has a local default (`deployedRequires`).
 *
 * @example createSinkHandler({ type: 'redis', settings: deployedCheck(redisSink), connect })
 */
export function deployedCheck<const T extends string, F extends Fields>(
  connector: SinkConnector<T, F>,
): SettingsCheck<{ type: T } & ValueOf<F>> {
  const check = settingsCheck(connector);
  const requires = connector.deployedRequires;
  return requires === undefined ? check : checks.requiredWhenDeployed(check, requires.field, requires.what);
}
