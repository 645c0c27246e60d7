import { formatIssue, formatWarning } from '../config/format.js';
import { checkConfigText } from '../config/load.js';
import { type Command, parseFlags, readInput, UsageError } from './command.js';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * `conflux validate FILE`: exit 0 and `FILE: valid, N tasks` on stdout, or exit 2 and one
 * `path: message` line per problem on stderr, in file order. Warnings (`path: warning: …`)
 * go to stderr and do not change the exit code. `--strict-alibaba` applies all of Alibaba's rules at
 * once: filters in the alibaba dialect, at most 20 tasks, names of at most 127 characters, no JSONATA.
 */
export const command: Command = {
  name: 'validate',
  summary: 'check a conflux.yaml; exit 2 with `path: message` lines',
  usage: 'conflux validate FILE [--strict-alibaba]   (YAML or JSON; - reads standard input)',
  async run(args, io) {
    const { positionals, values } = parseFlags(args, { 'strict-alibaba': { type: 'boolean', default: false } });
    const [file] = positionals;
    if (file === undefined || positionals.length > 1) throw new UsageError('expected exactly one FILE');
    let text: string;
    try {
      text = await readInput(file, io);
    } catch (error) {
      const code = (error as { code?: string }).code;
      const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : 'cannot be read';
      io.stderr.write(`${file}: ${reason}\n`);
      return 2;
    }
    const name = file === '-' ? '(stdin)' : file;
    const strictAlibaba = values['strict-alibaba'];
    const result = checkConfigText(text, file === '-' ? { strictAlibaba } : { file, strictAlibaba });
    if (!result.ok) {
      for (const issue of result.issues) io.stderr.write(`${formatIssue(issue, name)}\n`);
    }
    for (const warning of result.warnings) io.stderr.write(`${formatWarning(warning, name)}\n`);
    if (!result.ok) return 2;
    const warned = result.warnings.length > 0 ? ` (${plural(result.warnings.length, 'warning')})` : '';
    io.stdout.write(`${name}: valid, ${plural(result.config.tasks.length, 'task')}${warned}\n`);
    return 0;
  },
};
