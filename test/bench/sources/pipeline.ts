/** A task of the bench from a source's settings into a durable file sink, timed to its n-th delivered event. */
import { join } from 'node:path';
import { HttpIngress } from '../../../bus/emulator/http/ingress.js';
import { openEmbeddedLog } from '../../../bus/log/index.js';
import { Task } from '../../../bus/task/task.js';
import { validateTask } from '../../../infra/config/index.js';
import { wireTask } from '../../../infra/wire/task.js';

/**
 * Runs `source` → `transform` → file sink (`out.jsonl` in `dir`, fdatasync per write) until `count`
 * events were delivered; resolves with the seconds from start to the last delivery.
 */
export async function timeTask(dir: string, name: string, source: object, count: number, transform?: object) {
  const result = validateTask({
    name,
    source,
    ...(transform === undefined ? {} : { transform }),
    sink: { type: 'file', path: join(dir, 'out.jsonl') },
  });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  const log = await openEmbeddedLog(join(dir, 'bus'));
  const parts = await wireTask(result.value, {
    log,
    dialect: 'aws',
    baseDir: dir,
    dataDir: join(dir, '.conflux'),
    ingress: new HttpIngress(),
  });
  const task = new Task(parts);
  const started = performance.now();
  await task.start();
  while (task.counters.eventsOut < count) {
    if (task.status().state !== 'running') throw new Error(`the task stopped: ${task.status().reason}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  const seconds = (performance.now() - started) / 1000;
  await task.stop();
  await log.close();
  return seconds;
}
