import type { ConnectorInfo, ConnectorFieldInfo as FieldInfo } from '../bus/emulator/http/connectors-api.js';
import { type Connector, noTriggerReason } from './shared/settings/connector.js';
import type { Field } from './shared/settings/field-table.js';
import { sinkLines } from './sinks/index.js';
import { sourceLines } from './sources/index.js';

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

/** A connector as the catalog lists it: its role, type, doc, each row of its field table, and its triggers (or why it has none). */
function connectorInfo(connector: Connector): ConnectorInfo {
  const { triggers } = connector;
  return {
    role: connector.role,
    type: connector.type,
    doc: connector.doc,
    fields: Object.entries(connector.fields).map(([name, field]) => fieldInfo(name, field)),
    ...(triggers === undefined ? {} : { triggers: { lambda: [...triggers.lambda], fc: [...triggers.fc] } }),
    ...(connector.role === 'source' && triggers === undefined ? { noTrigger: noTriggerReason(connector) } : {}),
  };
}

/**
 * Every connector with its fields and triggers, from the registry (each source's and sink's declaration):
 * what `GET /api/connectors` serves, the console's forms and the README's tables are built from.
 */
export function connectorCatalog(): ConnectorInfo[] {
  return [...sourceLines, ...sinkLines].map(({ connector }) => connectorInfo(connector));
}
