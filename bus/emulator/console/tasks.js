// The task table: every task's state and counters, refreshed every 2 s, with start/pause/resume/edit/delete.
import { request, taskPath } from './api.js';
import { byId, el, notify, setText } from './dom.js';

const REFRESH_MS = 2000;

/** The field that says where a source or sink points, by the words the config uses. */
const WHERE = ['topic', 'path', 'url', 'table', 'endpoint', 'handler', 'eventBusName', 'exchange'];

/** `{type:'file', path:'out.jsonl'}` → "file out.jsonl", `{type:'file-tail', paths:[…]}` → its paths; a transform-spec field (a subject) is left out. */
export function describeEnd(end) {
  if (end === undefined || end === null) return '?';
  const key = WHERE.find((k) => typeof end[k] === 'string');
  const list = ['paths', 'tables'].find((k) => Array.isArray(end[k]));
  if (key === undefined && list !== undefined) return `${end.type} ${end[list].join(', ')}`;
  const brokers = Array.isArray(end.brokers) ? ` @ ${end.brokers.join(',')}` : '';
  return key === undefined ? end.type : `${end.type} ${end[key]}${brokers}`;
}

/** What the toggle button does in each state: pause a running task, resume a paused one, else start it. */
function toggleFor(state) {
  if (state === 'running') return { label: 'Pause', action: 'pause' };
  if (state === 'paused') return { label: 'Resume', action: 'resume' };
  return { label: 'Start', action: 'start' };
}

/**
 * Renders the task table into #task-rows and keeps it fresh. `onSelect(name)` when a task's name
 * is clicked, `onEdit(name, definition)` for its Edit button, `onRefresh(tasks)` after every refresh.
 */
export function createTaskTable({ onSelect, onEdit, onRefresh }) {
  const rows = new Map();
  let selected = null;

  async function act(name, action) {
    try {
      if (action === 'delete') {
        if (!confirm(`Delete task ${name}? Its consumer group offsets stay in the log.`)) return;
        await request('DELETE', taskPath(name));
        notify(`Deleted task ${name}.`);
      } else {
        const view = await request('POST', taskPath(name, `/${action}`));
        notify(`Task ${name}: ${view.state}${view.reason ? ` (${view.reason})` : ''}.`);
      }
    } catch (error) {
      notify(`Could not ${action} ${name}: ${error.message}`, 'error');
    }
    await refresh();
  }

  function rowFor(name) {
    const cells = {
      state: el('span', { className: 'state' }),
      reason: el('small', { className: 'reason' }),
      ends: el('td'),
      in: el('td', { className: 'number' }),
      out: el('td', { className: 'number' }),
      tps: el('td', { className: 'number' }),
    };
    const entry = { cells, state: null, definition: null };
    entry.toggle = el('button', { type: 'button', onclick: () => act(name, toggleFor(entry.state).action) });
    const edit = el('button', { type: 'button', onclick: () => onEdit(name, entry.definition) }, 'Edit');
    const remove = el('button', { type: 'button', className: 'danger', onclick: () => act(name, 'delete') }, 'Delete');
    entry.row = el(
      'tr',
      { dataset: { task: name } },
      el('td', {}, el('button', { type: 'button', className: 'link', onclick: () => select(name) }, name)),
      el('td', {}, cells.state, cells.reason),
      cells.ends,
      cells.in,
      cells.out,
      cells.tps,
      el('td', { className: 'actions' }, entry.toggle, edit, remove),
    );
    return entry;
  }

  function update(entry, task) {
    const { view, definition } = task;
    entry.state = view.state;
    entry.definition = definition;
    entry.cells.state.className = `state state-${view.state}`;
    setText(entry.cells.state, view.state);
    entry.cells.state.title = `Alibaba EventBridge status: ${view.alibabaState}`;
    // why it stopped: a failed task (tolerance NONE, a broken source) shows its reason under its state
    setText(entry.cells.reason, view.reason ? `${view.alibabaState}: ${view.reason}` : '');
    setText(entry.cells.ends, definition ? `${describeEnd(definition.source)} → ${describeEnd(definition.sink)}` : '');
    setText(entry.cells.in, String(view.metrics.eventsIn));
    setText(entry.cells.out, String(view.metrics.eventsOut));
    setText(entry.cells.tps, view.metrics.tps.toFixed(1));
    setText(entry.toggle, toggleFor(view.state).label);
    entry.row.classList.toggle('selected', view.name === selected);
  }

  function render(tasks) {
    const body = byId('task-rows');
    const names = new Set(tasks.map((t) => t.view.name));
    if (!names.has(selected)) selected = null;
    for (const [name, entry] of rows) {
      if (!names.has(name)) {
        entry.row.remove();
        rows.delete(name);
      }
    }
    tasks.forEach((task, index) => {
      let entry = rows.get(task.view.name);
      if (entry === undefined) {
        entry = rowFor(task.view.name);
        rows.set(task.view.name, entry);
      }
      update(entry, task);
      // Rows keep the API's order (creation order); a row already in place is not moved, so a click on it lands.
      if (body.children[index] !== entry.row) body.insertBefore(entry.row, body.children[index] ?? null);
    });
    byId('no-tasks').hidden = tasks.length > 0;
  }

  async function load() {
    const { tasks } = await request('GET', '/api/tasks');
    const details = await Promise.all(
      tasks.map((view) => request('GET', taskPath(view.name)).catch(() => ({ ...view, definition: null }))),
    );
    return details.map(({ definition, ...view }) => ({ view, definition }));
  }

  let failing = false;
  async function refresh() {
    try {
      const tasks = await load();
      if (failing) notify('Connected again.');
      failing = false;
      render(tasks);
      onRefresh(tasks);
    } catch (error) {
      failing = true;
      notify(`Cannot reach the emulator: ${error.message}`, 'error');
    }
  }

  function select(name) {
    selected = name;
    for (const [taskName, entry] of rows) entry.row.classList.toggle('selected', taskName === name);
    onSelect(name);
  }

  async function loop() {
    await refresh();
    setTimeout(loop, REFRESH_MS);
  }
  loop();
  return { refresh, select };
}
