// The live tester: runs the editor's pattern and transform on a sample event as the user types.
import { request } from './api.js';
import { byId, debounce, el, setText } from './dom.js';
import { readTransform } from './task-form.js';

/** An event as the Kafka source emits it (DESIGN.md "Data flow"), to start from. */
export const SAMPLE_EVENT = {
  specversion: '1.0',
  id: 'orders-0-0',
  source: 'acs:alikafka',
  type: 'alikafka:Topic:Message',
  subject: 'acs:alikafka:conflux:topic:orders',
  time: '2024-01-01T00:00:00.000Z',
  datacontenttype: 'application/json; charset=utf-8',
  data: {
    topic: 'orders',
    partition: 0,
    offset: 0,
    timestamp: 1704067200000,
    headers: { headers: [], isReadOnly: false },
    key: 'o-1',
    value: { id: 'o-1', status: 'paid', amount: 42 },
  },
};

function badge(id, result) {
  const node = byId(id);
  node.className = `badge result-${result}`;
  setText(node, result);
}

/** Starts the tester over the editor's form; call the returned function after any change. */
export function createTester({ form, base }) {
  const sample = byId('sample-event');
  sample.value = JSON.stringify(SAMPLE_EVENT, null, 2);
  let latest = 0;

  async function testPattern(run, event) {
    const pattern = form.elements.filter.value;
    if (pattern.trim() === '') {
      badge('pattern-result', 'none');
      setText(byId('pattern-error'), 'no filter: every event passes');
      return;
    }
    const answer = await request('POST', '/api/test/pattern', { pattern, event });
    if (run !== latest) return;
    badge('pattern-result', answer.result);
    setText(byId('pattern-error'), answer.error ?? '');
  }

  async function testTransform(run, event) {
    const read = readTransform(form, base());
    const answer = read.errors
      ? { result: 'invalid', error: read.errors.map((e) => `${e.path}: ${e.message}`).join('; ') }
      : await request('POST', '/api/test/transform', { transform: read.spec, event });
    if (run !== latest) return;
    badge('transform-result', answer.result);
    setText(byId('transform-error'), answer.error ?? '');
    const outputs = answer.result === 'ok' ? answer.outputs : [];
    byId('transform-outputs').replaceChildren(...outputs.map((output) => el('li', {}, el('pre', {}, output))));
  }

  async function run() {
    const current = ++latest;
    const event = sample.value;
    const failed = (id) => (error) => {
      if (current !== latest) return;
      badge(id, 'error');
      setText(byId(id.replace('-result', '-error')), error.message);
    };
    await Promise.all([
      testPattern(current, event).catch(failed('pattern-result')),
      testTransform(current, event).catch(failed('transform-result')),
    ]);
  }

  const soon = debounce(run, 250);
  sample.addEventListener('input', soon);
  run();
  return soon;
}
