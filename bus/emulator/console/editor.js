// The low-code task editor: a form that creates a task (POST /api/tasks) or updates one (PUT /api/tasks/NAME).
import { request, taskPath } from './api.js';
import { byId, el, notify, setText } from './dom.js';
import { fillForm, readForm, showFormFields, sinkTemplate, sourceTemplate } from './task-form.js';

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

  function mode(definition) {
    editing = definition ?? null;
    fillForm(form, definition);
    showFormFields(form);
    showErrors(null);
    setText(byId('editor-title'), editing ? `Edit task ${editing.name}` : 'New task');
    setText(byId('save-task'), editing ? 'Save changes' : 'Create task');
    byId('cancel-edit').hidden = editing === null;
    form.elements.start.closest('label').hidden = editing !== null;
    onInput();
  }

  let previousSinkType = form.elements.sinkType.value;
  form.elements.sinkType.addEventListener('change', () => {
    const fields = form.elements.sinkFields;
    const untouched = fields.value.trim() === '' || fields.value === sinkTemplate(previousSinkType);
    if (untouched) fields.value = sinkTemplate(form.elements.sinkType.value);
    previousSinkType = form.elements.sinkType.value;
  });
  let previousSourceType = form.elements.sourceType.value;
  form.elements.sourceType.addEventListener('change', () => {
    const fields = form.elements.sourceFields;
    const untouched = fields.value.trim() === '' || fields.value === sourceTemplate(previousSourceType);
    if (untouched) fields.value = sourceTemplate(form.elements.sourceType.value);
    previousSourceType = form.elements.sourceType.value;
    showFormFields(form);
  });
  form.elements.form.addEventListener('change', () => showFormFields(form));
  form.addEventListener('input', onInput);
  form.addEventListener('change', onInput);
  byId('cancel-edit').addEventListener('click', () => mode(undefined));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const read = readForm(form, editing ?? undefined);
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

  mode(undefined);
  return {
    form,
    /** The transform spec being edited, whose keys the form does not show. */
    base: () => editing?.transform,
    edit(definition) {
      mode(definition);
      form.scrollIntoView({ behavior: 'smooth' });
      form.elements[definition ? 'topic' : 'name'].focus({ preventScroll: true });
    },
  };
}
