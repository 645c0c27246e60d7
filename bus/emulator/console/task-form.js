// The task form ↔ a task definition as the task API takes it (DESIGN.md "conflux.yaml").
import { fillFields, parseJson, readFields } from './connector-form.js';

/** Parses a JSON textarea; empty gives `empty`. Problems are pushed as `{path, message}`. */
function json(text, path, errors, empty) {
  if (text.trim() === '') return empty;
  const value = parseJson(text, path, errors);
  return value === undefined ? empty : value;
}

function jsonObject(text, path, errors, empty) {
  const value = json(text, path, errors, empty);
  if (value !== empty && (value === null || typeof value !== 'object' || Array.isArray(value))) {
    errors.push({ path, message: 'must be a JSON object' });
    return empty;
  }
  return value;
}

/**
 * The transform spec the form describes; `base` (the spec being edited) keeps keys the form does
 * not show, such as a FUNCTION's memoryMb. Returns `{spec}` or `{errors}`.
 */
export function readTransform(form, base) {
  const v = (name) => form.elements[name].value;
  const errors = [];
  const kind = v('form');
  const spec = base?.form === kind ? { ...base } : { form: kind };
  if (kind === 'JSONPATH' || kind === 'CONSTANT') spec.value = v('value');
  if (kind === 'TEMPLATE') {
    spec.value = jsonObject(v('variables'), 'transform.value', errors, {});
    spec.template = v('template');
  }
  if (kind === 'JSONATA') spec.expression = v('expression');
  if (kind === 'FUNCTION') {
    spec.handler = v('handler').trim();
    delete spec.timeoutMs;
    if (v('timeoutMs').trim() !== '') spec.timeoutMs = Number(v('timeoutMs'));
  }
  return errors.length > 0 ? { errors } : { spec };
}

/**
 * The definition the form describes, over `base` (the definition being edited); `connectors` is
 * what loadConnectors gave (the source and sink inputs are drawn from it). `{definition}` or `{errors}`.
 */
export function readForm(form, base, connectors) {
  const v = (name) => form.elements[name].value;
  const errors = [];
  const source = readFields(form, 'source', connectors.source.get(v('sourceType')), errors);

  const filter = jsonObject(v('filter'), 'filter', errors, undefined);
  const transform = readTransform(form, base?.transform);
  if (transform.errors) errors.push(...transform.errors);
  const sink = readFields(form, 'sink', connectors.sink.get(v('sinkType')), errors);
  const deadLetter = jsonObject(v('deadLetter'), 'errors.deadLetter', errors, undefined);

  const definition = {
    ...(base ?? {}),
    name: v('name').trim(),
    source,
    transform: transform.spec,
    sink,
    concurrency: Number(v('concurrency') || 1),
    retry: { policy: v('retry') },
    errors: { tolerance: v('tolerance'), ...(deadLetter === undefined ? {} : { deadLetter }) },
  };
  delete definition.filter;
  if (filter !== undefined) definition.filter = filter;
  return errors.length > 0 ? { errors } : { definition };
}

const compact = (value) => (value === undefined ? '' : JSON.stringify(value));

/**
 * Puts a definition (as GET /api/tasks/NAME gives it) into the form; undefined clears it to a new
 * task. The source and sink inputs must already be drawn for the definition's types (see typesOf).
 */
export function fillForm(form, definition, connectors) {
  const set = (name, value) => {
    form.elements[name].value = value ?? '';
  };
  const d = definition ?? {};
  const transform = d.transform ?? { form: 'ORIGINAL' };
  const { sourceType, sinkType } = typesOf(definition, connectors);
  set('name', d.name);
  set('sourceType', sourceType);
  fillFields(form, 'source', connectors.source.get(sourceType), d.source ?? {});
  set('filter', d.filter === undefined ? '' : JSON.stringify(d.filter, null, 2));
  set('form', transform.form);
  set('value', typeof transform.value === 'string' ? transform.value : '');
  set('variables', transform.form === 'TEMPLATE' ? compact(transform.value) : '');
  set('template', transform.template);
  set('expression', transform.expression);
  set('handler', transform.handler);
  set('timeoutMs', transform.timeoutMs);
  set('sinkType', sinkType);
  fillFields(form, 'sink', connectors.sink.get(sinkType), d.sink ?? {});
  set('concurrency', d.concurrency ?? 1);
  set('retry', d.retry?.policy ?? 'BACKOFF_RETRY');
  set('tolerance', d.errors?.tolerance ?? 'ALL');
  set('deadLetter', compact(d.errors?.deadLetter));
  form.elements.name.readOnly = definition !== undefined;
}

/** The source and sink types of a definition; a new task starts with the registry's first of each. */
export function typesOf(definition, connectors) {
  return {
    sourceType: definition?.source?.type ?? connectors.source.keys().next().value,
    sinkType: definition?.sink?.type ?? connectors.sink.keys().next().value,
  };
}

/** Shows only the fields of the chosen transform form. */
export function showFormFields(form) {
  const kind = form.elements.form.value;
  for (const group of form.querySelectorAll('[data-form]'))
    group.hidden = !group.dataset.form.split(' ').includes(kind);
}
