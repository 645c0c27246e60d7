// The task form ↔ a task definition as the task API takes it (DESIGN.md "conflux.yaml").

/** What the sink's JSON field starts with for each type (the API names anything else that is missing). */
export const SINK_TEMPLATES = {
  file: { path: 'out.jsonl' },
  stdout: {},
  kafka: { topic: 'out' },
  http: { url: 'http://127.0.0.1:8080/events' },
};

/** The sink fields template for a type, as the textarea shows it. */
export const sinkTemplate = (type) => JSON.stringify(SINK_TEMPLATES[type] ?? {});

/** What the source's JSON field starts with for each type other than kafka (which has fields of its own). */
export const SOURCE_TEMPLATES = {
  http: { path: '/hooks/orders' },
  rabbitmq: { queue: 'orders' },
  mqtt: { topic: 'devices/+/telemetry' },
  nats: { subject: 'orders.>' },
  'file-tail': { paths: ['logs/*.log'], from: 'beginning' },
  'postgres-cdc': { connectionString: 'postgres://postgres@127.0.0.1:5432/test', tables: ['public.orders'] },
  'mysql-cdc': { connectionString: 'mysql://root@127.0.0.1:3306/test', tables: ['test.orders'] },
};

/** The source fields template for a type, as the textarea shows it. */
export const sourceTemplate = (type) => JSON.stringify(SOURCE_TEMPLATES[type] ?? {});

/** Parses a JSON textarea; empty gives `empty`. Problems are pushed as `{path, message}`. */
function json(text, path, errors, empty) {
  if (text.trim() === '') return empty;
  try {
    return JSON.parse(text);
  } catch (error) {
    errors.push({ path, message: `not JSON: ${error.message}` });
    return empty;
  }
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

/** The Kafka source the form's own fields describe, over the one being edited (keeping fields the form does not show). */
function readKafkaSource(form, base) {
  const v = (name) => form.elements[name].value;
  const kept = base?.source?.type === 'kafka' ? base.source : {};
  const source = { ...kept, type: 'kafka', topic: v('topic').trim(), offset: v('offset') };
  delete source.brokers;
  delete source.consumerGroup;
  const brokers = v('brokers')
    .split(/[\s,]+/)
    .filter(Boolean);
  if (brokers.length > 0) source.brokers = brokers;
  const group = v('consumerGroup').trim();
  // a group edited from {name, existing: true} keeps existing; the form edits only the name
  const existing = typeof base?.source?.consumerGroup === 'object' && base.source.consumerGroup.existing === true;
  if (group !== '') source.consumerGroup = existing ? { name: group, existing: true } : group;
  return source;
}

/** Any other source: its type and the JSON of its fields. */
function readOtherSource(form, errors) {
  return {
    ...jsonObject(form.elements.sourceFields.value, 'source', errors, {}),
    type: form.elements.sourceType.value,
  };
}

/** The definition the form describes, over `base` (the definition being edited). `{definition}` or `{errors}`. */
export function readForm(form, base) {
  const v = (name) => form.elements[name].value;
  const errors = [];
  const source = v('sourceType') === 'kafka' ? readKafkaSource(form, base) : readOtherSource(form, errors);

  const filter = jsonObject(v('filter'), 'filter', errors, undefined);
  const transform = readTransform(form, base?.transform);
  if (transform.errors) errors.push(...transform.errors);
  const sink = { ...jsonObject(v('sinkFields'), 'sink', errors, {}), type: v('sinkType') };
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

/** Puts a definition (as GET /api/tasks/NAME gives it) into the form; undefined clears it to a new task. */
export function fillForm(form, definition) {
  const set = (name, value) => {
    form.elements[name].value = value ?? '';
  };
  const d = definition ?? {};
  const source = d.source ?? {};
  const transform = d.transform ?? { form: 'ORIGINAL' };
  const { type: sinkType = 'file', ...sinkFields } = d.sink ?? SINK_TEMPLATES.file;
  const { type: sourceType = 'kafka', ...sourceFields } = source;
  set('name', d.name);
  set('sourceType', sourceType);
  set('sourceFields', sourceType === 'kafka' ? '' : compact(sourceFields));
  set('topic', source.topic);
  set('brokers', (source.brokers ?? []).join(', '));
  set('consumerGroup', typeof source.consumerGroup === 'object' ? source.consumerGroup.name : source.consumerGroup);
  set('offset', source.offset ?? 'latest');
  set('filter', d.filter === undefined ? '' : JSON.stringify(d.filter, null, 2));
  set('form', transform.form);
  set('value', typeof transform.value === 'string' ? transform.value : '');
  set('variables', transform.form === 'TEMPLATE' ? compact(transform.value) : '');
  set('template', transform.template);
  set('expression', transform.expression);
  set('handler', transform.handler);
  set('timeoutMs', transform.timeoutMs);
  set('sinkType', sinkType);
  set('sinkFields', compact(sinkFields));
  set('concurrency', d.concurrency ?? 1);
  set('retry', d.retry?.policy ?? 'BACKOFF_RETRY');
  set('tolerance', d.errors?.tolerance ?? 'ALL');
  set('deadLetter', compact(d.errors?.deadLetter));
  form.elements.name.readOnly = definition !== undefined;
}

/** Shows only the fields of the chosen source type and transform form. */
export function showFormFields(form) {
  const kafka = form.elements.sourceType.value === 'kafka';
  for (const group of form.querySelectorAll('[data-source]'))
    group.hidden = (group.dataset.source === 'kafka') !== kafka;
  const kind = form.elements.form.value;
  for (const group of form.querySelectorAll('[data-form]'))
    group.hidden = !group.dataset.form.split(' ').includes(kind);
}
