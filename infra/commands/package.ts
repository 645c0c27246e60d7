import { mkdirSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { registry } from '../../functions/registry.js';
import { MAX_BUNDLE_BYTES, sizeReport, whyNoBundle } from '../build/bundle.js';
import { type Packaged, packageRepository, packageTasks } from '../build/package-all.js';
import { findServerlessCli, MISSING_CLI, runServerlessPackage, runtimeNote } from '../build/sls.js';
import { type KafkaAccess, planTasks, type RabbitmqAccess } from '../build/task-plan.js';
import { ConfigError, formatIssue, formatWarning, loadConfig } from '../config/index.js';
import { DEFAULT_LAMBDA_RUNTIME, isLambdaRuntime, LAMBDA_RUNTIMES, type LambdaRuntime } from '../config/runtimes.js';
import { type Command, type Io, parseFlags, UsageError } from './command.js';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);

/**
 * `conflux package`: every function of the registry → `dist/zips/<name>.zip` and the repository's
 * serverless.yml, then `serverless package` offline (what `npm run package` runs).
 * `conflux package conflux.yaml [--out DIR]`: the tasks of a config → one function per task
 * (its sink's bundle, its source/filter/transform/sink settings, its source's AWS trigger: Kafka or
 * MSK, Amazon MQ for RabbitMQ, an HTTP API route, an IoT rule) in `DIR/serverless.yml` and
 * `DIR/artifacts/<task>.zip`, ready for `serverless deploy`, and for Function Compute
 * `DIR/fc/s.yaml` and `DIR/fc/artifacts/<task>.zip`. `--runtime` (or `deploy.runtime` in the file)
 * chooses the Lambda runtime: nodejs22.x (default) or nodejs24.x; each bundle is built for the
 * oldest runtime it will meet (FC's: nodejs20).
 */
export const command: Command = {
  name: 'package',
  summary: 'zip every function and write serverless.yml, or the deployable set of a conflux.yaml',
  usage:
    'conflux package [--runtime nodejs22.x|nodejs24.x] [--no-sls]   |   conflux package FILE [--out DIR] [--service NAME] [--runtime nodejs22.x|nodejs24.x] [--msk ARN | --kafka-secret ARN] [--rabbitmq-broker ARN] [--rabbitmq-secret ARN] [--sls]',
  async run(args, io) {
    const { values, positionals } = parseFlags(args, {
      out: { type: 'string' },
      service: { type: 'string' },
      msk: { type: 'string' },
      'kafka-secret': { type: 'string' },
      'rabbitmq-broker': { type: 'string' },
      'rabbitmq-secret': { type: 'string' },
      runtime: { type: 'string' },
      sls: { type: 'boolean' },
      'no-sls': { type: 'boolean' },
    });
    const runtime = values.runtime === undefined ? undefined : lambdaRuntime(values.runtime);
    if (positionals.length > 1) throw new UsageError('expected at most one FILE');
    const [file] = positionals;
    if (file === undefined) {
      for (const flag of [
        'out',
        'service',
        'msk',
        'kafka-secret',
        'rabbitmq-broker',
        'rabbitmq-secret',
        'sls',
      ] as const) {
        if (values[flag] !== undefined) throw new UsageError(`--${flag} needs a FILE (a conflux.yaml)`);
      }
      const cli = values['no-sls'] ? undefined : findServerlessCli(ROOT);
      if (!values['no-sls'] && cli === undefined) {
        io.stderr.write(`conflux package: ${MISSING_CLI}\n`);
        return 2;
      }
      const chosen = runtime ?? DEFAULT_LAMBDA_RUNTIME;
      const packaged = await packageRepository(registry, ROOT, chosen);
      report(packaged, io, ROOT);
      return cli === undefined ? 0 : serverless(ROOT, io, chosen, {});
    }
    if (values['no-sls'] && values.sls) throw new UsageError('--sls and --no-sls contradict each other');
    if (values.msk !== undefined && values['kafka-secret'] !== undefined) {
      throw new UsageError('--msk and --kafka-secret contradict each other (MSK uses the function role)');
    }
    return packageConfig(file, { ...values, runtime }, io);
  },
};

/** The `--runtime` value, or a usage error naming the runtimes conflux deploys to. */
function lambdaRuntime(value: string): LambdaRuntime {
  if (isLambdaRuntime(value)) return value;
  const old = /^nodejs(\d+)/.exec(value);
  const why =
    old !== null && Number(old[1]) <= 20
      ? `; Node.js ${old[1]} is past its end of life (docs/deploy.md "Runtimes")`
      : '';
  throw new UsageError(`--runtime: must be one of ${LAMBDA_RUNTIMES.join(', ')} (got ${JSON.stringify(value)})${why}`);
}

async function packageConfig(
  file: string,
  values: {
    out?: string;
    service?: string;
    msk?: string;
    'kafka-secret'?: string;
    'rabbitmq-broker'?: string;
    'rabbitmq-secret'?: string;
    sls?: boolean;
    runtime?: LambdaRuntime;
  },
  io: Io,
): Promise<number> {
  let loaded: Awaited<ReturnType<typeof loadConfig>>;
  try {
    loaded = await loadConfig(resolve(io.cwd, file));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const issue of error.issues) io.stderr.write(`${formatIssue(issue, file)}\n`);
    return 2;
  }
  const access: KafkaAccess = {
    ...(values.msk === undefined ? {} : { mskArn: values.msk }),
    ...(values['kafka-secret'] === undefined
      ? {}
      : { accessConfigurations: { saslScram512Auth: [values['kafka-secret']] } }),
  };
  const rabbitmq: RabbitmqAccess = {
    ...(values['rabbitmq-broker'] === undefined ? {} : { brokerArn: values['rabbitmq-broker'] }),
    ...(values['rabbitmq-secret'] === undefined ? {} : { basicAuthArn: values['rabbitmq-secret'] }),
  };
  const plan = planTasks(loaded.config, { root: ROOT, baseDir: loaded.baseDir, access, rabbitmq });
  for (const warning of [...loaded.warnings, ...plan.warnings]) io.stderr.write(`${formatWarning(warning, file)}\n`);
  for (const issue of plan.issues) io.stderr.write(`${formatIssue(issue, file)}\n`);
  if (plan.issues.length > 0) return 2;
  if (plan.functions.length === 0) {
    io.stderr.write(`${file}: no tasks to package\n`);
    return 2;
  }
  const runtime = values.runtime ?? loaded.config.deploy?.runtime ?? DEFAULT_LAMBDA_RUNTIME;
  const outDir = resolve(io.cwd, values.out ?? 'deploy');
  mkdirSync(outDir, { recursive: true });
  const packaged = await packageTasks(plan.functions, {
    root: ROOT,
    baseDir: loaded.baseDir,
    outDir,
    service: values.service ?? 'conflux-tasks',
    runtime,
    header: [
      `Generated by \`conflux package ${file}\`. Deploy: npx serverless deploy${deployParams(plan.functions, access, rabbitmq)}`,
      '',
    ],
  });
  report(packaged, io, io.cwd);
  io.stdout.write(
    `serverless.yml (${runtime}) and fc/s.yaml (Function Compute) in ${relative(io.cwd, outDir) || '.'}\n`,
  );
  if (!values.sls) return 0;
  const cli = findServerlessCli(ROOT);
  if (cli === undefined) {
    io.stderr.write(`conflux package: ${MISSING_CLI}\n`);
    return 2;
  }
  // placeholders for the parameters serverless.yml names (packaging resolves them; deploy gets the real ones)
  return serverless(outDir, io, runtime, {
    kafkaSecretArn: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:conflux-kafka',
    rabbitmqBrokerArn: 'arn:aws:mq:us-east-1:000000000000:broker:conflux:b-00000000-0000-0000-0000-000000000000',
    rabbitmqSecretArn: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:conflux-rabbitmq',
  });
}

/** The `--param`s serverless.yml still names (`${param:…}`), as a hint after "serverless deploy". */
function deployParams(
  functions: readonly { events?: unknown[] }[],
  access: KafkaAccess,
  rabbitmq: RabbitmqAccess,
): string {
  const text = JSON.stringify(functions.map((fn) => fn.events));
  const params: string[] = [];
  if (text.includes('${param:kafkaSecretArn}') && access.accessConfigurations === undefined) {
    params.push('kafkaSecretArn=arn:aws:secretsmanager:…');
  }
  if (rabbitmq.brokerArn === undefined && text.includes('${param:rabbitmqBrokerArn}'))
    params.push('rabbitmqBrokerArn=arn:aws:mq:…');
  if (rabbitmq.basicAuthArn === undefined && text.includes('${param:rabbitmqSecretArn}')) {
    params.push('rabbitmqSecretArn=arn:aws:secretsmanager:…');
  }
  return params.map((param) => ` --param="${param}"`).join('');
}

function report(packaged: Packaged, io: Io, base: string): void {
  io.stdout.write(sizeReport(packaged.bundles));
  for (const artifact of packaged.artifacts) {
    io.stdout.write(
      `${relative(base, artifact.file)}  ${(artifact.bytes / 1024).toFixed(1)} KB  ${artifact.entries.join(' ')}\n`,
    );
  }
  for (const bundle of packaged.bundles.filter((b) => b.bytes > MAX_BUNDLE_BYTES)) {
    io.stderr.write(`warning: ${bundle.name} is ${bundle.bytes} bytes, over the ${MAX_BUNDLE_BYTES}-byte limit\n`);
  }
  for (const name of packaged.notBuilt) io.stderr.write(`${name}: not packaged: ${whyNoBundle(name)}\n`);
}

async function serverless(
  cwd: string,
  io: Io,
  runtime: LambdaRuntime,
  params: Record<string, string>,
): Promise<number> {
  const cli = findServerlessCli(ROOT, runtime);
  if (cli === undefined) return 2;
  const note = runtimeNote(cli, runtime);
  if (note !== undefined) io.stderr.write(`conflux package: ${note}\n`);
  io.stdout.write(`${cli.name} ${cli.version} package (offline) in ${relative(io.cwd, cwd) || '.'}\n`);
  const { code, output } = await runServerlessPackage(cli, cwd, params);
  (code === 0 ? io.stdout : io.stderr).write(output.endsWith('\n') ? output : `${output}\n`);
  return code === 0 ? 0 : 1;
}
