// The console's entry point: wires the task table, the selected task's panels, the editor and the tester.
import { request, taskPath } from './api.js';
import { createDeadLetterBrowser } from './deadletters.js';
import { byId, notify, setText } from './dom.js';
import { createEditor } from './editor.js';
import { createMetricsPanel } from './metrics.js';
import { createTaskTable } from './tasks.js';
import { createTester } from './tester.js';

const metrics = createMetricsPanel();
const deadLetters = createDeadLetterBrowser();
let selected = null;

function select(name) {
  if (name === selected) return;
  selected = name;
  byId('selected').hidden = name === null;
  setText(byId('selected-name'), name ?? '');
  metrics.show(name);
  if (name !== null) deadLetters.show(name);
}

let testNow = () => {};
const editor = createEditor({
  onSaved: async (name) => {
    await table.refresh();
    table.select(name);
  },
  onInput: () => testNow(),
});
testNow = createTester({ form: editor.form, base: editor.base });

const table = createTaskTable({
  onSelect: select,
  onEdit: async (name) => {
    try {
      editor.edit((await request('GET', taskPath(name))).definition);
    } catch (error) {
      notify(`Could not load task ${name}: ${error.message}`, 'error');
    }
  },
  onRefresh: (tasks) => {
    const current = tasks.find((t) => t.view.name === selected);
    if (selected !== null && current === undefined) select(null);
    if (current) deadLetters.counted(current.view.metrics.deadLettered);
  },
});

byId('new-task').addEventListener('click', () => editor.edit(undefined));
