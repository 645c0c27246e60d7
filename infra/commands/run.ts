import { resolve } from 'node:path';
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
  usage: `conflux run FILE [--port 4010] [--data-dir .conflux] [--alibaba-credentials ID:SECRET (or ${CREDENTIALS_ENV})]`,
  async run(args, io) {
    const { values, positionals } = parseFlags(args, {
      port: { type: 'string', default: '4010' },
      'data-dir': { type: 'string', default: '.conflux' },
      'alibaba-credentials': { type: 'string' },
    });
    const [file, ...extra] = positionals;
    if (file === undefined || extra.length > 0) throw new UsageError('expected one config file');
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError(`--port must be a port number (got ${values.port})`);
    const alibabaCredentials = credentialsOf(values['alibaba-credentials'] ?? process.env[CREDENTIALS_ENV]);
    const loaded = await loadConfigFile(file, io);
    if (loaded === undefined) return 2;
    for (const warning of loaded.warnings) io.stderr.write(`${formatWarning(warning, file)}\n`);
    const dataDir = resolve(io.cwd, values['data-dir']);
    const logger = emulatorLogger(io.stderr);
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
      });
    } catch (error) {
      if (!(error instanceof RestoreError)) throw error;
      for (const issue of error.issues) io.stderr.write(`${formatIssue(issue)}\n`);
      io.stderr.write(`not started: ${error.message} (${dataDir}); the file and the store are unchanged\n`);
      return 2;
    }
    const names = streams.emulator
      .list()
      .map((t) => (t.state === 'running' ? t.name : `${t.name} (${t.state})`))
      .join(', ');
    io.stderr.write(`conflux emulator on http://127.0.0.1:${streams.port}; tasks: ${names || '(none)'}\n`);
    await new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
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
