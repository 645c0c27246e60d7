// The source and sink parts of the task form, drawn from the registry (GET /api/connectors): no connector type is named here.
import { request } from './api.js';
import { el } from './dom.js';

/** Every connector the emulator serves, by role then type: `{source: Map, sink: Map}` of `{type, doc, fields}`. */
export async function loadConnectors() {
  const { connectors } = await request('GET', '/api/connectors');
  const byRole = { source: new Map(), sink: new Map() };
  for (const connector of connectors) byRole[connector.role].set(connector.type, connector);
  return byRole;
}

/** Fills a type `<select>` with the registry's types of one role, each titled by its doc. */
export function fillTypes(select, connectors) {
  select.replaceChildren(...[...connectors.values()].map((c) => el('option', { value: c.type, title: c.doc }, c.type)));
}

/** What an empty input means: the default, or nothing (an optional field), or a missing required field. */
function emptyMeaning(field) {
  if (field.default !== undefined) return `default: ${showValue(field, field.default)}`;
  return field.required ? 'required' : 'optional';
}

/** The input for one field of the field table: select, number, password, textarea or text. */
function inputFor(role, field) {
  const name = `${role}.${field.name}`;
  const common = { name, title: field.doc, dataset: { field: field.name } };
  if (field.kind === 'oneOf' || field.kind === 'boolean') {
    const values = field.kind === 'boolean' ? [true, false] : field.values;
    return el(
      'select',
      common,
      el('option', { value: '' }, `(${emptyMeaning(field)})`),
      ...values.map((value) => el('option', { value: String(value) }, String(value))),
    );
  }
  const placeholder = field.required ? '' : `(${emptyMeaning(field)})`;
  if (field.kind === 'specs' || field.kind === 'object')
    return el('textarea', {
      ...common,
      rows: 2,
      spellcheck: false,
      placeholder: placeholder || (field.kind === 'specs' ? '{"name": "$.data.value.x"}' : '{}'),
    });
  const input = el('input', { ...common, type: 'text', autocomplete: 'off', spellcheck: false, placeholder });
  if (field.secret) input.type = 'password';
  else if (field.kind === 'integer') Object.assign(input, { type: 'number', min: field.min, max: field.max });
  return input;
}

/**
 * Draws the inputs of a connector's fields into `box`, one labelled input each (named
 * `<role>.<field>`, a secret as a password, the doc as its title); a required field's label ends in *.
 */
export function drawFields(box, role, connector) {
  box.replaceChildren(
    ...(connector?.fields ?? []).map((field) =>
      el('label', { title: field.doc }, `${field.name}${field.required ? ' *' : ''} `, inputFor(role, field)),
    ),
  );
}

/** A value as its input shows it: lists comma-separated, strings as they are, anything else as JSON. */
function showValue(field, value) {
  if (value === undefined || value === null) return '';
  if ((field.kind === 'list' || field.kind === 'brokers') && Array.isArray(value)) return value.join(', ');
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Parses JSON text, pushing `{path, message}` when it is not (the task form's JSON inputs use it too). */
export function parseJson(text, path, errors) {
  try {
    return JSON.parse(text);
  } catch (error) {
    errors.push({ path, message: `not JSON: ${error.message}` });
    return undefined;
  }
}

/** An input's text as the value of its field, by kind (field-table.ts); JSON for mappings. */
function readValue(field, text, path, errors) {
  const trimmed = text.trim();
  switch (field.kind) {
    case 'anyText':
      return text;
    case 'integer':
      return /^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
    case 'boolean':
      return trimmed === 'true';
    case 'oneOf':
      return field.values.find((value) => String(value) === trimmed) ?? trimmed;
    case 'list':
    case 'brokers':
      return trimmed
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
    case 'spec':
      return trimmed.startsWith('{') ? parseJson(trimmed, path, errors) : trimmed;
    case 'specs':
    case 'object':
      return parseJson(trimmed, path, errors);
    case 'textOr':
      return trimmed.startsWith('{') ? parseJson(trimmed, path, errors) : trimmed;
    default:
      return trimmed;
  }
}

/**
 * The connector the form's inputs describe: `{type, …fields}`; an empty input leaves its field
 * out (the default applies, a missing required field is the API's to name). Problems go to `errors`.
 */
export function readFields(form, role, connector, errors) {
  const settings = { type: connector.type };
  for (const field of connector.fields) {
    const input = form.elements[`${role}.${field.name}`];
    if (input === undefined || input.value.trim() === '') continue;
    const value = readValue(field, input.value, `${role}.${field.name}`, errors);
    if (value !== undefined) settings[field.name] = value;
  }
  return settings;
}

/** Puts a source's or sink's settings (`{type, …}`, without type here) into its drawn inputs. */
export function fillFields(form, role, connector, settings) {
  for (const field of connector?.fields ?? []) {
    const input = form.elements[`${role}.${field.name}`];
    if (input !== undefined) input.value = showValue(field, settings[field.name]);
  }
}
