// The low-code task editor: a form that creates a task (POST /api/tasks) or updates one (PUT /api/tasks/NAME).
import { request, taskPath } from './api.js';
import { drawFields, fillTypes, loadConnectors } from './connector-form.js';
import { byId, el, notify, setText } from './dom.js';
import { fillForm, readForm, showFormFields, typesOf } from './task-form.js';

/** Lists problems next to the form, each as `path: message` (the API's issues, or the form's own). */
function showErrors(message, issues = []) {
  const box = byId('form-errors');
  if (message === null) {
    box.replaceChildren();
    return;
  }
  box.replaceChildren(
    el('p', {}, message),
    el('ul', {}, ...issues.map((issue) => el('li', {}, `${issue.path}: ${issue.message}`))),
  );
}

/**
 * Starts the editor. `onSaved(name)` after a task was created or updated; `onInput()` whenever the
 * pattern or transform may have changed (the live tester listens). Returns `{edit, reset, form, base}`.
 */
export function createEditor({ onSaved, onInput }) {
  const form = byId('task-form');
  let editing = null; // the definition being edited, or null for a new task
  let connectors = null; // the registry's sources and sinks, once loaded

  function mode(definition) {
    editing = definition ?? null;
    const { sourceType, sinkType } = typesOf(definition, connectors);
    form.elements.sourceType.value = sourceType;
    form.elements.sinkType.value = sinkType;
    draw('source');
    draw('sink');
    fillForm(form, definition, connectors);
    showFormFields(form);
    showErrors(null);
    setText(byId('editor-title'), editing ? `Edit task ${editing.name}` : 'New task');
    setText(byId('save-task'), editing ? 'Save changes' : 'Create task');
    byId('cancel-edit').hidden = editing === null;
    form.elements.start.closest('label').hidden = editing !== null;
    onInput();
  }

  // The source and sink inputs are drawn from the registry, anew whenever a type is chosen.
  const draw = (role) =>
    drawFields(byId(`${role}-fields`), role, connectors?.[role].get(form.elements[`${role}Type`].value));
  form.elements.sourceType.addEventListener('change', () => draw('source'));
  form.elements.sinkType.addEventListener('change', () => draw('sink'));
  form.elements.form.addEventListener('change', () => showFormFields(form));
  form.addEventListener('input', onInput);
  form.addEventListener('change', onInput);
  byId('cancel-edit').addEventListener('click', () => mode(undefined));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (connectors === null) return showErrors('The connectors are not loaded yet (GET /api/connectors).');
    const read = readForm(form, editing ?? undefined, connectors);
    if (read.errors) return showErrors('Fix these fields first:', read.errors);
    const { definition } = read;
    const save = byId('save-task');
    save.disabled = true;
    try {
      const view = editing
        ? await request('PUT', taskPath(editing.name), definition)
        : await request('POST', `/api/tasks?start=${form.elements.start.checked}`, definition);
      notify(`${editing ? 'Updated' : 'Created'} task ${view.name} (${view.state}).`);
      mode(undefined);
      onSaved(view.name);
    } catch (error) {
      showErrors(error.message, error.issues);
    } finally {
      save.disabled = false;
    }
  });

  const ready = loadConnectors().then(
    (loaded) => {
      connectors = loaded;
      fillTypes(form.elements.sourceType, connectors.source);
      fillTypes(form.elements.sinkType, connectors.sink);
      mode(undefined);
    },
    (error) => notify(`Could not load the connectors: ${error.message}`, 'error'),
  );
  return {
    form,
    /** The transform spec being edited, whose keys the form does not show. */
    base: () => editing?.transform,
    async edit(definition) {
      await ready;
      if (connectors === null) return;
      mode(definition);
      form.scrollIntoView({ behavior: 'smooth' });
      form.elements.name.focus({ preventScroll: true });
    },
  };
}
