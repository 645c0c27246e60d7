import { stringify } from 'yaml';
import type { KafkaClusters } from '../../bus/emulator/alibaba/clusters.js';
import { strictStream } from '../../bus/emulator/alibaba/equivalence.js';
import { AlibabaError } from '../../bus/emulator/alibaba/errors.js';
import { type JsonObject, Params } from '../../bus/emulator/alibaba/params.js';
import { streamsOf } from '../../bus/emulator/alibaba/stream-document.js';
import { alibabaIssue } from '../../bus/emulator/alibaba/stream-paths.js';
import { toTask } from '../../bus/emulator/alibaba/stream-task.js';
import { formatIssue, validateTask } from '../config/index.js';
import { type Command, type Io, parseFlags, readInput, UsageError } from './command.js';
import { loadConfigFile } from './config-file.js';

/** `--cluster ID=host:port[,host:port]` flags → kafkaClusters. */
function clustersOf(flags: string[]): Record<string, { brokers: string[] }> {
  const clusters: Record<string, { brokers: string[] }> = {};
  for (const flag of flags) {
    const at = flag.indexOf('=');
    const brokers = flag
      .slice(at + 1)
      .split(',')
      .filter((b) => b !== '');
    if (at <= 0 || brokers.length === 0)
      throw new UsageError(`--cluster must be ID=host:port[,host:port] (got ${flag})`);
    clusters[flag.slice(0, at)] = { brokers };
  }
  return clusters;
}

/** Event streams (JSON) → a conflux.yaml on stdout; problems as `Field.Path: reason` lines, exit 2. */
async function fromAlibaba(file: string, clusters: KafkaClusters, io: Io): Promise<number> {
  let document: unknown;
  try {
    document = JSON.parse(await readInput(file, io));
  } catch (error) {
    io.stderr.write(`${file}: not a JSON document (${(error as Error).message})\n`);
    return 2;
  }
  const tasks: JsonObject[] = [];
  const problems: string[] = [];
  let streams: JsonObject[] = [];
  try {
    streams = streamsOf(document);
  } catch (error) {
    if (!(error instanceof AlibabaError)) throw error;
    problems.push(error.message);
  }
  for (const [i, stream] of streams.entries()) {
    const where = streams.length > 1 ? `[${i}] ` : '';
    try {
      const { task, paths } = toTask(new Params(stream), clusters);
      const checked = validateTask(task, { dialect: 'alibaba' });
      if (checked.ok) tasks.push(task);
      else for (const issue of checked.issues) problems.push(`${where}${alibabaIssue(issue, paths)}`);
    } catch (error) {
      if (!(error instanceof AlibabaError)) throw error;
      problems.push(`${where}${error.message}`);
    }
  }
  if (problems.length > 0) {
    for (const problem of problems) io.stderr.write(`${problem}\n`);
    return 2;
  }
  const given = Object.keys(clusters).length > 0;
  const config = { version: 1, ...(given ? { kafkaClusters: clusters } : {}), tasks };
  io.stdout.write(stringify(config));
  return 0;
}

/** A conflux.yaml's tasks → CreateEventStreaming bodies (JSON) on stdout; what Alibaba cannot say, as `tasks[i].path: reason`, exit 2. */
async function toAlibaba(file: string, only: string | undefined, io: Io): Promise<number> {
  const loaded = await loadConfigFile(file, io);
  if (loaded === undefined) return 2;
  const { config } = loaded;
  const chosen = config.tasks
    .map((task, index) => ({ task, index }))
    .filter(({ task }) => only === undefined || task.name === only);
  if (chosen.length === 0) {
    io.stderr.write(only === undefined ? `${file}: no tasks\n` : `${file}: no task named ${only}\n`);
    return 2;
  }
  const streams: JsonObject[] = [];
  let refused = false;
  for (const { task, index } of chosen) {
    const result = strictStream(task as unknown as JsonObject, config.kafkaClusters);
    if ('stream' in result) streams.push(result.stream);
    else {
      refused = true;
      for (const issue of result.issues)
        io.stderr.write(`${formatIssue({ ...issue, path: ['tasks', index, ...issue.path] }, file)}\n`);
    }
  }
  if (refused) return 2;
  io.stdout.write(`${JSON.stringify(streams.length === 1 ? streams[0] : streams, null, 2)}\n`);
  return 0;
}

/** `conflux convert`: Alibaba event streams ↔ conflux.yaml tasks. */
export const command: Command = {
  name: 'convert',
  summary: 'convert Alibaba event streams (GetEventStreaming or Terraform JSON) to conflux.yaml, and back',
  usage:
    'conflux convert --from alibaba STREAM.json [--cluster ID=host:port[,…]]…   |   conflux convert --to alibaba conflux.yaml [--task NAME]',
  async run(args, io) {
    const { values, positionals } = parseFlags(args, {
      from: { type: 'string' },
      to: { type: 'string' },
      cluster: { type: 'string', multiple: true },
      task: { type: 'string' },
    });
    const [file, ...extra] = positionals;
    if (file === undefined || extra.length > 0) throw new UsageError('expected one FILE');
    if ((values.from === undefined) === (values.to === undefined))
      throw new UsageError('give one of --from alibaba or --to alibaba');
    const dialect = values.from ?? values.to;
    if (dialect !== 'alibaba') throw new UsageError(`only alibaba is supported (got ${dialect})`);
    if (values.from !== undefined) return fromAlibaba(file, clustersOf(values.cluster ?? []), io);
    return toAlibaba(file, values.task, io);
  },
};
