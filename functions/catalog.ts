import type { ConnectorInfo, ConnectorFieldInfo as FieldInfo } from '../bus/emulator/http/connectors-api.js';
import { isSecret } from './shared/config-fields.js';
import type { Field } from './shared/field-table.js';
import { sinkLines } from './sinks/index.js';
import { type SourceLine, sourceLines } from './sources/index.js';

/** A row of a field table as JSON. */
function fieldInfo(name: string, field: Field): FieldInfo {
  const { of } = field;
  return {
    name,
    kind: of.kind,
    required: field.presence === 'required',
    ...(field.presence === 'default' ? { default: field.default } : {}),
    secret: field.secret === true,
    doc: field.doc,
    ...(of.kind === 'oneOf' ? { values: of.values } : {}),
    ...(of.kind === 'integer' ? { min: of.min, max: of.max } : {}),
    ...(of.kind === 'url' ? { schemes: of.schemes } : {}),
    ...(of.kind === 'object' || of.kind === 'textOr'
      ? { fields: Object.entries(of.fields).map(([inner, row]) => fieldInfo(inner, row)) }
      : {}),
  };
}

/**
 * A source's fields: from its field table when it has one, else read from its hand-written zod
 * schema (name, doc, presence, secret; kind `other`).
 */
function sourceInfo({ connector, config }: SourceLine): ConnectorInfo {
  if (connector !== undefined) {
    const fields = Object.entries(connector.fields).map(([name, field]) => fieldInfo(name, field));
    return { role: 'source', type: connector.type, doc: connector.doc, fields };
  }
  const shape = config.shape as Record<string, Parameters<typeof isSecret>[0]>;
  const fields = Object.entries(shape)
    .filter(([name]) => name !== 'type')
    .map(([name, schema]): FieldInfo => {
      const empty = schema.safeParse(undefined);
      return {
        name,
        kind: 'other',
        required: !empty.success,
        ...(empty.success && empty.data !== undefined ? { default: empty.data } : {}),
        secret: isSecret(schema),
        doc: schema.description ?? '',
      };
    });
  return { role: 'source', type: config.shape.type.value, doc: config.description ?? '', fields };
}

/**
 * Every connector with its fields, from the registry: sinks and converted sources from their
 * field tables, the other sources from their schemas. What the console's forms and the README's connector tables are built from.
 */
export function connectorCatalog(): ConnectorInfo[] {
  const sinks = sinkLines.map(
    ({ connector }): ConnectorInfo => ({
      role: 'sink',
      type: connector.type,
      doc: connector.doc,
      fields: Object.entries(connector.fields).map(([name, field]) => fieldInfo(name, field)),
    }),
  );
  return [...(sourceLines as readonly SourceLine[]).map(sourceInfo), ...sinks];
}
