// Metrics of the selected task: polled every 2 s, kept for 5 minutes, drawn as two line charts.
import { request, taskPath } from './api.js';
import { drawLineChart } from './chart.js';
import { byId, setText } from './dom.js';

const POLL_MS = 2000;
const SPAN_MS = 5 * 60 * 1000;

/** Starts the metrics panel; `show(name)` switches it to another task (null stops polling). */
export function createMetricsPanel() {
  let name = null;
  let samples = [];
  let timer;
  let generation = 0;

  function draw() {
    const now = Date.now();
    drawLineChart(
      byId('tps-chart'),
      samples.map((s) => ({ t: s.t, v: s.tps })),
      { spanMs: SPAN_MS, now },
    );
    drawLineChart(
      byId('backlog-chart'),
      samples.map((s) => ({ t: s.t, v: s.backlog })),
      { spanMs: SPAN_MS, now },
    );
    const last = samples.at(-1);
    setText(byId('tps-now'), last ? `${last.tps.toFixed(1)}/s` : '');
    setText(byId('backlog-now'), last ? (last.backlog === null ? 'unknown' : String(last.backlog)) : '');
  }

  async function poll(current) {
    try {
      const view = await request('GET', taskPath(name, '/metrics'));
      if (current !== generation) return;
      const t = Date.now();
      samples = samples.filter((s) => s.t >= t - SPAN_MS);
      samples.push({ t, tps: view.metrics.tps, backlog: view.metrics.backlog ?? null });
      draw();
    } catch {
      // The task may be gone; the table says so. Keep what was drawn.
    }
    if (current === generation) timer = setTimeout(() => poll(current), POLL_MS);
  }

  return {
    show(next) {
      clearTimeout(timer);
      generation++;
      name = next;
      samples = [];
      draw();
      if (name !== null) poll(generation);
    },
  };
}
