import { Gauge, Registry } from 'prom-client';
import type { Emulator } from '../emulator.js';
import type { TaskView } from '../view.js';
import type { Route } from './server.js';

type Metric = keyof Omit<TaskView['metrics'], 'lastHeartbeat' | 'backlog'>;

/** Prometheus name and help for each task metric the task API shows. */
const exported: [Metric, string, string][] = [
  ['eventsIn', 'conflux_task_events_in_total', 'Records the task read from its source.'],
  ['eventsFiltered', 'conflux_task_events_filtered_total', 'Events the filter let pass by.'],
  ['eventsOut', 'conflux_task_events_delivered_total', 'Payloads the sink acknowledged.'],
  ['deadLettered', 'conflux_task_dead_letters_total', 'Events stored as dead letters.'],
  ['dropped', 'conflux_task_dropped_total', 'Events given up on without a dead-letter queue.'],
  ['retries', 'conflux_task_retries_total', 'Delivery retries.'],
  ['tps', 'conflux_task_tps', 'Events delivered per second (10 s window).'],
  ['delayMs', 'conflux_task_delay_ms', 'Now minus the time of the last delivered event.'],
];

/** `GET /metrics`: every task's counters in Prometheus' text format, read at scrape time. */
export function prometheusRoute(emulator: Emulator): Route {
  const registry = new Registry();
  for (const [metric, name, help] of exported) {
    new Gauge({
      name,
      help,
      labelNames: ['task'],
      registers: [registry],
      collect() {
        this.reset();
        for (const task of emulator.list()) {
          const value = task.metrics[metric];
          if (value !== null) this.set({ task: task.name }, value);
        }
      },
    });
  }
  new Gauge({
    name: 'conflux_task_running',
    help: '1 when the task is running, else 0.',
    labelNames: ['task', 'state'],
    registers: [registry],
    collect() {
      this.reset();
      for (const task of emulator.list())
        this.set({ task: task.name, state: task.state }, task.state === 'running' ? 1 : 0);
    },
  });
  return {
    method: 'GET',
    path: /^\/metrics$/,
    handle: async () => ({ status: 200, text: await registry.metrics(), contentType: registry.contentType }),
  };
}
