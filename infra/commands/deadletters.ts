import { resolve } from 'node:path';
import { redriveDeadLetters } from '../../bus/emulator/redrive.js';
import { openEmbeddedLog } from '../../bus/log/index.js';
import { Task } from '../../bus/task/task.js';
import { deadLetterIndexOf } from '../wire/dead-letters.js';
import { wireTask } from '../wire/task.js';
import { type Command, parseFlags, UsageError } from './command.js';
import { loadConfigFile } from './config-file.js';

const USAGE =
  'conflux deadletters (list | redrive) FILE --task NAME [--limit 100] [--ids ID,…] [--again] [--data-dir .conflux]';

/**
 * `conflux deadletters list|redrive`: a task's dead letters, from its index in the data directory
 * (whatever the dead-letter target), as JSON lines `{"id","at","deadLetter","redriven"?}`; or those
 * not redriven yet (`--ids` to choose, `--again` to include redriven ones) delivered again through
 * the task's transform and sink, each marked redriven with the time and outcome.
 */
export const command: Command = {
  name: 'deadletters',
  summary: "list a task's dead letters, or redrive them through its transform and sink",
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseFlags(args, {
      task: { type: 'string' },
      limit: { type: 'string', default: '100' },
      ids: { type: 'string' },
      again: { type: 'boolean', default: false },
      'data-dir': { type: 'string', default: '.conflux' },
    });
    const [action, file] = positionals;
    if ((action !== 'list' && action !== 'redrive') || file === undefined || positionals.length > 2) {
      throw new UsageError('expected `list FILE` or `redrive FILE`');
    }
    if (values.task === undefined) throw new UsageError('--task NAME is required');
    const limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1)
      throw new UsageError(`--limit must be a positive integer (got ${values.limit})`);
    const loaded = await loadConfigFile(file, io);
    if (loaded === undefined) return 2;
    const task = loaded.config.tasks.find((t) => t.name === values.task);
    if (task === undefined) throw new UsageError(`no task named ${values.task} in ${file}`);
    const dataDir = resolve(io.cwd, values['data-dir']);
    const index = deadLetterIndexOf(task, dataDir);
    if (index === undefined) {
      io.stderr.write(`task ${task.name} has no errors.deadLetter target, so it keeps no dead letters\n`);
      return 2;
    }
    if (action === 'list') {
      for (const item of (await index.list()).slice(-limit)) io.stdout.write(`${JSON.stringify(item)}\n`);
      return 0;
    }
    const log = await openEmbeddedLog(dataDir);
    try {
      const context = { log, dataDir, dialect: loaded.config.dialect, baseDir: loaded.baseDir };
      const runner = new Task(await wireTask(task, context));
      const ids = values.ids?.split(',').filter(Boolean);
      const request = { ...(ids === undefined ? {} : { ids }), again: values.again };
      const result = await redriveDeadLetters(task.name, index, (events) => runner.redrive(events), request).finally(
        () => runner.stop(),
      );
      io.stdout.write(`${JSON.stringify(result)}\n`);
      return result.stop === undefined ? 0 : 1;
    } finally {
      await log.close();
    }
  },
};
