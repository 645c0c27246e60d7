// The dead-letter browser of the selected task: list, look inside, select some or all, redrive.
import { request, taskPath } from './api.js';
import { byId, el, notify, setText } from './dom.js';

/** The extension attributes a dead letter adds to the original event (bus/delivery/dead-letter.ts). */
const EXTENSIONS = [
  'errorcode',
  'errormessage',
  'task',
  'sink',
  'attempts',
  'firstattempt',
  'lastattempt',
  'exhaustedretrycondition',
];

/** The event as it was before delivery gave up on it. */
export function originalEvent(deadLetter) {
  return Object.fromEntries(Object.entries(deadLetter).filter(([key]) => !EXTENSIONS.includes(key)));
}

/** "redriven 2: 2 delivered, 0 dead-lettered again, 0 dropped" from the redrive endpoint's answer. */
export function describeRedrive(outcome) {
  const parts = [
    `redriven ${outcome.redriven}: ${outcome.delivered} delivered`,
    `${outcome.deadLettered} dead-lettered again`,
    `${outcome.dropped} dropped`,
    ...(outcome.skipped > 0 ? [`${outcome.skipped} skipped (redriven before)`] : []),
  ];
  return `${parts.join(', ')}${outcome.stop ? `; the task stopped: ${outcome.stop}` : ''}`;
}

/** Starts the browser; `show(name)` lists that task's dead letters, `counted(n)` re-lists when the count moved. */
export function createDeadLetterBrowser() {
  let name = null;
  let letters = [];
  let lastCount = null;
  let generation = 0;
  const chosen = new Set();
  const all = byId('dl-all');
  const redrive = byId('dl-redrive');

  function syncControls() {
    all.checked = letters.length > 0 && letters.every((l) => chosen.has(l.id));
    all.indeterminate = chosen.size > 0 && !all.checked;
    redrive.disabled = chosen.size === 0;
    setText(redrive, chosen.size > 0 ? `Redrive selected (${chosen.size})` : 'Redrive selected');
  }

  function row(letter) {
    const d = letter.deadLetter;
    const box = el('input', { type: 'checkbox', value: letter.id, checked: chosen.has(letter.id) });
    box.setAttribute('aria-label', `select dead letter ${letter.id}`);
    box.addEventListener('change', () => {
      if (box.checked) chosen.add(letter.id);
      else chosen.delete(letter.id);
      syncControls();
    });
    const event = el(
      'details',
      {},
      el('summary', {}, 'Original event'),
      el('pre', {}, JSON.stringify(originalEvent(d), null, 2)),
    );
    return el(
      'tr',
      { dataset: { id: letter.id } },
      el('td', {}, box),
      el('td', {}, String(d.errorcode ?? '')),
      el('td', {}, el('div', { className: 'message' }, String(d.errormessage ?? '')), event),
      el('td', { className: 'number' }, String(d.attempts ?? '')),
      el(
        'td',
        {},
        String(d.lastattempt ?? ''),
        letter.redriven
          ? el('div', { className: 'reason' }, `redriven ${letter.redriven.at}: ${letter.redriven.outcome}`)
          : null,
      ),
    );
  }

  function render() {
    const ids = new Set(letters.map((l) => l.id));
    for (const id of chosen) if (!ids.has(id)) chosen.delete(id);
    byId('dl-rows').replaceChildren(...letters.map(row));
    byId('dl-empty').hidden = letters.length > 0;
    syncControls();
  }

  async function refresh() {
    if (name === null) return;
    const current = ++generation;
    try {
      const { deadLetters } = await request('GET', taskPath(name, '/deadletters'));
      if (current !== generation) return;
      letters = deadLetters;
      render();
    } catch (error) {
      if (current === generation) notify(`Could not list the dead letters of ${name}: ${error.message}`, 'error');
    }
  }

  all.addEventListener('change', () => {
    for (const letter of letters) {
      if (all.checked) chosen.add(letter.id);
      else chosen.delete(letter.id);
    }
    render();
  });
  byId('dl-refresh').addEventListener('click', refresh);
  redrive.addEventListener('click', async () => {
    const ids = [...chosen];
    const output = byId('dl-outcome');
    redrive.disabled = true;
    setText(output, `redriving ${ids.length}…`);
    try {
      const outcome = await request('POST', taskPath(name, '/deadletters/redrive'), { ids });
      setText(output, describeRedrive(outcome));
      chosen.clear();
    } catch (error) {
      setText(output, `redrive failed: ${error.message}`);
    }
    await refresh();
  });

  return {
    show(next) {
      name = next;
      letters = [];
      lastCount = null;
      chosen.clear();
      setText(byId('dl-outcome'), '');
      render();
      refresh();
    },
    counted(count) {
      if (lastCount !== null && count !== lastCount) refresh();
      lastCount = count;
    },
  };
}
