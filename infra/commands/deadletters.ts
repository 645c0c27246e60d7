import { resolve } from 'node:path';
import { fromDeadLetter } from '../../bus/delivery/index.js';
import { Task } from '../../bus/emulator/task.js';
import { openEmbeddedLog } from '../../bus/log/index.js';
import { deadLetterStore } from '../wire/dead-letters.js';
import { wireTask } from '../wire/task.js';
import { type Command, parseFlags, UsageError } from './command.js';
import { loadConfigFile } from './config-file.js';

const USAGE = 'conflux deadletters (list | redrive) FILE --task NAME [--limit 100] [--ids ID,…] [--data-dir .conflux]';

/**
 * `conflux deadletters list|redrive`: a task's dead letters (stored in a topic of the embedded bus
 * or of Kafka) as JSON lines `{"id","deadLetter"}`, or delivered again through the task's transform and sink.
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
    const log = await openEmbeddedLog(dataDir);
    try {
      const store = deadLetterStore(task.errors.deadLetter, log);
      if (store === undefined) {
        io.stderr.write(
          `task ${task.name} keeps no dead letters conflux can read (errors.deadLetter must be a kafka topic, on the embedded bus or on Kafka)\n`,
        );
        return 2;
      }
      const all = await store.list(action === 'list' ? limit : Number.MAX_SAFE_INTEGER);
      if (action === 'list') {
        for (const item of all) io.stdout.write(`${JSON.stringify(item)}\n`);
        return 0;
      }
      const ids = values.ids?.split(',').filter(Boolean);
      const chosen = ids === undefined ? all : all.filter((d) => ids.includes(d.id));
      const runner = new Task(
        await wireTask(task, { log, dialect: loaded.config.dialect, baseDir: loaded.baseDir, dataDir }),
      );
      const outcome = await runner.redrive(chosen.map((d) => fromDeadLetter(d.deadLetter)));
      await runner.stop();
      io.stdout.write(
        `${JSON.stringify({ redriven: chosen.length, delivered: outcome.delivered, deadLettered: outcome.deadLettered, dropped: outcome.dropped })}\n`,
      );
      return outcome.stop === undefined ? 0 : 1;
    } finally {
      await log.close();
    }
  },
};
