import { relative, resolve } from 'node:path';
import { CREDENTIALS_ENV, parseCredentials } from '../../bus/emulator/alibaba/credentials.js';
import { RestoreError } from '../../bus/emulator/emulator.js';
import { ConfluxError } from '../../bus/errors.js';
import { formatIssue, formatWarning } from '../config/index.js';
import { emulatorLogger, loggingListener, logTargetFailure } from '../wire/logger.js';
import { startStreams } from '../wire/streams.js';
import { type Command, parseFlags, UsageError } from './command.js';
import { loadConfigFile } from './config-file.js';

/** `conflux run FILE`: the emulator, until SIGINT/SIGTERM. */
export const command: Command = {
  name: 'run',
  summary: 'run the tasks of a conflux.yaml in the local emulator until Ctrl-C',
  usage:
    'conflux run FILE [--port 4010] [--data-dir .conflux] [--allow-host NAME[:PORT]]… [--api-token TOKEN]\n' +
    `                 [--handler-dir DIR]… [--alibaba-credentials ID:SECRET (or ${CREDENTIALS_ENV})]\n` +
    '  The APIs and console answer only loopback Host names (127.0.0.1, localhost, [::1]) with the port,\n' +
    '  and names given with --allow-host. --api-token (or CONFLUX_API_TOKEN) makes every API call send\n' +
    '  "Authorization: Bearer TOKEN"; the console asks for it once. The console\'s FUNCTION tester loads\n' +
    "  handlers only from the config file's folder and folders given with --handler-dir.",
  async run(args, io) {
    const { values, positionals } = parseFlags(args, {
      port: { type: 'string', default: '4010' },
      'data-dir': { type: 'string', default: '.conflux' },
      'alibaba-credentials': { type: 'string' },
      'allow-host': { type: 'string', multiple: true, default: [] },
      'api-token': { type: 'string' },
      'handler-dir': { type: 'string', multiple: true, default: [] },
    });
    const [file, ...extra] = positionals;
    if (file === undefined || extra.length > 0) throw new UsageError('expected one config file');
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError(`--port must be a port number (got ${values.port})`);
    const alibabaCredentials = credentialsOf(values['alibaba-credentials'] ?? process.env[CREDENTIALS_ENV]);
    const apiToken = values['api-token'] ?? (process.env.CONFLUX_API_TOKEN || undefined);
    if (apiToken !== undefined && !/^[\x21-\x7e]{16,}$/.test(apiToken))
      throw new UsageError('--api-token must be at least 16 printable characters without spaces');
    const loaded = await loadConfigFile(file, io);
    if (loaded === undefined) return 2;
    for (const warning of loaded.warnings) io.stderr.write(`${formatWarning(warning, file)}\n`);
    const dataDir = resolve(io.cwd, values['data-dir']);
    const logger = emulatorLogger(io.stderr);
    // listened for before anything starts: tasks run while the rest starts up, and a Ctrl-C then
    // must stop them cleanly (once started), not kill the process mid-write
    let onSignal = () => {};
    const signalled = new Promise<void>((done) => {
      onSignal = done;
    });
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const unlisten = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    };
    let streams: Awaited<ReturnType<typeof startStreams>>;
    try {
      streams = await startStreams(loaded.config, {
        baseDir: loaded.baseDir,
        dataDir,
        port,
        stdout: io.stdout,
        listener: loggingListener(logger),
        onTargetFailure: logTargetFailure(logger),
        ...(alibabaCredentials === undefined ? {} : { alibabaCredentials }),
        exposure: { allowHosts: values['allow-host'], apiToken },
        handlerDirs: values['handler-dir'].map((dir) => resolve(io.cwd, dir)),
      });
    } catch (error) {
      unlisten();
      if (!(error instanceof RestoreError)) throw error;
      for (const issue of error.issues) io.stderr.write(`${formatIssue(issue)}\n`);
      io.stderr.write(
        `not started: ${error.message} (task store: ${relative(io.cwd, dataDir) || '.'}); the file and the store are unchanged\n`,
      );
      return 2;
    }
    const names = streams.emulator
      .list()
      .map((t) => (t.state === 'running' ? t.name : `${t.name} (${t.state})`))
      .join(', ');
    const guarded = apiToken === undefined ? '' : ' (API token required)';
    io.stderr.write(`conflux emulator on http://127.0.0.1:${streams.port}${guarded}; tasks: ${names || '(none)'}\n`);
    await signalled;
    unlisten();
    io.stderr.write('stopping…\n');
    await streams.close();
    return 0;
  },
};

/** The credentials the Alibaba API checks signatures with, when given; a malformed pair is a usage error. */
function credentialsOf(text: string | undefined) {
  if (text === undefined || text === '') return undefined;
  try {
    return parseCredentials(text);
  } catch (error) {
    if (error instanceof ConfluxError) throw new UsageError(`--alibaba-credentials: ${error.message}`);
    throw error;
  }
}
