import { resolve } from 'node:path';
import { stringify } from 'yaml';
import { TaskStore } from '../../bus/emulator/store/task-store.js';
import { DEFAULT_QUOTA, type TaskConfig } from '../config/index.js';
import { type Command, parseFlags, UsageError } from './command.js';

const USAGE = 'conflux tasks export [--data-dir .conflux]   (a conflux.yaml on standard output)';

/**
 * `conflux tasks export`: the task store's tasks (conflux.yaml and API tasks alike, with their
 * current definitions) as a conflux.yaml that `conflux validate` accepts and `conflux run` runs.
 * Their states are not part of a conflux.yaml; each task's is written beside it as a comment.
 */
export const command: Command = {
  name: 'tasks',
  summary: "write the task store's tasks as a conflux.yaml",
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseFlags(args, { 'data-dir': { type: 'string', default: '.conflux' } });
    if (positionals.length !== 1 || positionals[0] !== 'export') throw new UsageError('expected `export`');
    const store = await TaskStore.open<TaskConfig>(resolve(io.cwd, values['data-dir']));
    const tasks = store.list();
    const file = {
      version: 1,
      ...(tasks.length > DEFAULT_QUOTA ? { quota: tasks.length } : {}),
      tasks: tasks.map((task) => task.definition),
    };
    const states = tasks.map(
      (task) =>
        `#   ${task.name}: ${task.state}${task.reason === undefined ? '' : ` (${task.reason})`}, from ${task.origin}`,
    );
    io.stdout.write(`# exported from ${store.path}; states when exported:\n${states.join('\n')}\n${stringify(file)}`);
    return 0;
  },
};
