import { readFileSync } from 'node:fs';
import { ApiError } from '../bus/emulator/api-error.js';
import { formatConfigPath } from '../bus/errors.js';
import { type Command, type Io, UsageError } from './commands/command.js';

/** Every `conflux` command, loaded only when called so startup stays fast. */
const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  validate: {
    summary: 'check a conflux.yaml; exit 2 with `path: message` lines',
    load: async () => (await import('./commands/validate.js')).command,
  },
  run: {
    summary: 'run the tasks of a conflux.yaml in the local emulator',
    load: async () => (await import('./commands/run.js')).command,
  },
  demo: {
    summary: 'run a demo stream on the embedded bus (what `npm start` does)',
    load: async () => (await import('./commands/demo.js')).command,
  },
  produce: {
    summary: 'append JSON lines to a topic (embedded bus, or Kafka with --brokers)',
    load: async () => (await import('./commands/produce.js')).command,
  },
  consume: {
    summary: 'read a topic back as JSON lines',
    load: async () => (await import('./commands/consume.js')).command,
  },
  offsets: {
    summary: "show or reset a consumer group's offsets",
    load: async () => (await import('./commands/offsets.js')).command,
  },
  tasks: {
    summary: "write the task store's tasks as a conflux.yaml (`tasks export`)",
    load: async () => (await import('./commands/tasks.js')).command,
  },
  deadletters: {
    summary: "list a task's dead letters, or redrive them through its transform and sink",
    load: async () => (await import('./commands/deadletters.js')).command,
  },
  pattern: {
    summary: 'test and explain event patterns (`pattern test --cases F`)',
    load: async () => (await import('./commands/pattern.js')).command,
  },
  transform: {
    summary: 'test and try transforms (`transform test --cases F`)',
    load: async () => (await import('./commands/transform.js')).command,
  },
  new: {
    summary: 'scaffold a custom transform handler (`new transform NAME`)',
    load: async () => (await import('./commands/new.js')).command,
  },
  build: {
    summary: 'bundle every function with esbuild (one bundle per function)',
    load: async () => (await import('./commands/build.js')).command,
  },
  convert: {
    summary: 'convert Alibaba event streams (GetEventStreaming or Terraform JSON) to conflux.yaml, and back',
    load: async () => (await import('./commands/convert.js')).command,
  },
  docs: {
    summary: "render the README's connector tables from the registry",
    load: async () => (await import('./commands/docs.js')).command,
  },
  package: {
    summary: 'zip every function and write serverless.yml, or deploy the tasks of a conflux.yaml',
    load: async () => (await import('./commands/package.js')).command,
  },
};

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function help(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    'usage: conflux <command> [flags]',
    '',
    'commands:',
    ...lines,
    '',
    "conflux <command> --help shows a command's flags.",
    '',
  ].join('\n');
}

/** Runs the CLI with `args` (no node/script prefix) and returns the exit code. */
export async function main(args: string[], io: Io = processIo()): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(help());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${version()}\n`);
    return 0;
  }
  const entry = commands[name];
  if (entry === undefined) {
    io.stderr.write(`conflux: unknown command '${name}'. Run 'conflux --help' for the list.\n`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`usage: ${command.usage}\n${command.summary}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`conflux ${name}: ${error.message}\nusage: ${command.usage}\n`);
      return 2;
    }
    io.stderr.write(`conflux ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    // a refused task (ApiError) lists its problems: print them as `validate` does, `path: message`
    for (const issue of error instanceof ApiError ? error.issues : [])
      io.stderr.write(`  ${formatConfigPath(issue.path)}: ${issue.message}\n`);
    return 1;
  }
}

function processIo(): Io {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() };
}
