import { resolve } from 'node:path';
import { emulatorLogger, loggingListener } from '../wire/logger.js';
import { startStreams } from '../wire/streams.js';
import { type Command, parseFlags, UsageError } from './command.js';
import { loadConfigFile } from './config-file.js';

/** `conflux run FILE`: the emulator, until SIGINT/SIGTERM. */
export const command: Command = {
  name: 'run',
  summary: 'run the tasks of a conflux.yaml in the local emulator until Ctrl-C',
  usage:
    'conflux run FILE [--port 4010] [--data-dir .conflux] [--allow-host NAME[:PORT]]… [--api-token TOKEN]\n' +
    '                 [--handler-dir DIR]…\n' +
    '  The APIs and console answer only loopback Host names (127.0.0.1, localhost, [::1]) with the port,\n' +
    '  and names given with --allow-host. --api-token (or CONFLUX_API_TOKEN) makes every API call send\n' +
    '  "Authorization: Bearer TOKEN"; the console asks for it once. The console\'s FUNCTION tester loads\n' +
    "  handlers only from the config file's folder and folders given with --handler-dir.",
  async run(args, io) {
    const { values, positionals } = parseFlags(args, {
      port: { type: 'string', default: '4010' },
      'data-dir': { type: 'string', default: '.conflux' },
      'allow-host': { type: 'string', multiple: true, default: [] },
      'api-token': { type: 'string' },
      'handler-dir': { type: 'string', multiple: true, default: [] },
    });
    const [file, ...extra] = positionals;
    if (file === undefined || extra.length > 0) throw new UsageError('expected one config file');
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError(`--port must be a port number (got ${values.port})`);
    const apiToken = values['api-token'] ?? (process.env.CONFLUX_API_TOKEN || undefined);
    if (apiToken !== undefined && !/^[\x21-\x7e]{16,}$/.test(apiToken))
      throw new UsageError('--api-token must be at least 16 printable characters without spaces');
    const loaded = await loadConfigFile(file, io);
    if (loaded === undefined) return 2;
    const streams = await startStreams(loaded.config, {
      baseDir: loaded.baseDir,
      dataDir: resolve(io.cwd, values['data-dir']),
      port,
      stdout: io.stdout,
      listener: loggingListener(emulatorLogger(io.stderr)),
      exposure: { allowHosts: values['allow-host'], apiToken },
      handlerDirs: values['handler-dir'].map((dir) => resolve(io.cwd, dir)),
    });
    const names = loaded.config.tasks.map((t) => t.name).join(', ');
    const guarded = apiToken === undefined ? '' : ' (API token required)';
    io.stderr.write(`conflux emulator on http://127.0.0.1:${streams.port}${guarded}; tasks: ${names || '(none)'}\n`);
    await new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    io.stderr.write('stopping…\n');
    await streams.close();
    return 0;
  },
};
