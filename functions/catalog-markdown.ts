import type { ConnectorFieldInfo, ConnectorInfo } from '../bus/emulator/http/connectors-api.js';

/** The roles whose tables the README holds, each between `<!-- connectors:<role>s -->` and `<!-- /connectors:<role>s -->`. */
const ROLES = ['source', 'sink'] as const;

/** Text safe inside a Markdown table cell: pipes escaped, line breaks flattened. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/** A value as the tables show it: a non-empty string bare, anything else as JSON. */
function shown(value: unknown): string {
  return typeof value === 'string' && value !== '' ? value : JSON.stringify(value);
}

/** One field: `` `name` `` with `*` when required, its choices or default, `secret` when it is one. */
function fieldText(field: ConnectorFieldInfo): string {
  const notes: string[] = [];
  if (field.values !== undefined) notes.push(field.values.map(String).join(' | '));
  if (field.default !== undefined && !(Array.isArray(field.default) && field.default.length === 0))
    notes.push(`default \`${shown(field.default)}\``);
  if (field.secret) notes.push('secret');
  const name = `\`${field.name}\`${field.required ? '\\*' : ''}`;
  return notes.length === 0 ? name : `${name} (${cell(notes.join('; '))})`;
}

/** Its declared triggers: `` Lambda `httpApi`; FC `eventbridge` ``, or that only the emulator runs it. */
function triggersText(connector: ConnectorInfo): string {
  const { triggers } = connector;
  if (triggers === undefined) return 'none: `conflux run` only';
  const names = (list: readonly string[]) => list.map((name) => `\`${name}\``).join(', ');
  return [
    ...(triggers.lambda.length === 0 ? [] : [`Lambda ${names(triggers.lambda)}`]),
    ...(triggers.fc.length === 0 ? [] : [`FC ${names(triggers.fc)}`]),
  ].join('; ');
}

/** The Markdown table of one role's connectors: type, what it does, its fields, the triggers it is deployed on. */
export function connectorTable(catalog: readonly ConnectorInfo[], role: ConnectorInfo['role']): string {
  const rows = catalog
    .filter((connector) => connector.role === role)
    .map(
      (c) => `| \`${c.type}\` | ${cell(c.doc)} | ${c.fields.map(fieldText).join(', ') || '—'} | ${triggersText(c)} |`,
    );
  return ['| `type` | what | fields (`*` required) | deployed on |', '|---|---|---|---|', ...rows].join('\n');
}

/**
 * The README with its connector tables rendered anew from the catalog, between the markers
 * `<!-- connectors:sources -->` … `<!-- /connectors:sources -->` (and `sinks`). Throws naming a
 * marker the README lacks.
 */
export function renderConnectorTables(readme: string, catalog: readonly ConnectorInfo[]): string {
  let text = readme;
  for (const role of ROLES) {
    const open = `<!-- connectors:${role}s -->`;
    const close = `<!-- /connectors:${role}s -->`;
    const start = text.indexOf(open);
    const end = text.indexOf(close);
    if (start < 0 || end < start) throw new Error(`README.md lacks the markers ${open} … ${close}`);
    text = `${text.slice(0, start + open.length)}\n${connectorTable(catalog, role)}\n${text.slice(end)}`;
  }
  return text;
}
