import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../../../functions/registry.js';
import { type Artifact, artifactFiles, writeArtifact } from '../../../infra/build/artifacts.js';
import { buildable, builtFor, bundleFunction, MAX_BUNDLE_BYTES } from '../../../infra/build/bundle.js';
import { consumesKafka, repositoryServerless } from '../../../infra/build/serverless.js';
import { findServerlessCli, runServerlessPackage } from '../../../infra/build/sls.js';
import { bundleTarget, DEFAULT_LAMBDA_RUNTIME } from '../../../infra/config/runtimes.js';
import { type KafkaMock, startKafkaMock } from '../../helpers/kafka-mock.js';
import { type SinkCase, startSinkTargets } from './sink-targets.js';
import { sourceCases } from './source-targets.js';

const run = promisify(execFile);
// The Node.js the zips run on: this one, or the binary CONFLUX_SMOKE_NODE names (.ci/run runs them on Node 22 too)
const node = process.env.CONFLUX_SMOKE_NODE || process.execPath;
const root = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const fixture = (name: string) => readFileSync(join(root, 'test/infra/build/fixtures', name), 'utf8');
const lambdaEvent = JSON.parse(fixture('lambda-msk-event.json')) as unknown;
const fcBatch = fixture('fc-eventbridge-batch.json');
const work = mkdtempSync(join(tmpdir(), 'conflux-zips-'));
const { ready, missing } = buildable(registry, root);
const artifacts = new Map<string, Artifact>();
const bundleBytes = new Map<string, number>();
let nodeVersion = '';
let kafka: KafkaMock;
let targets: Awaited<ReturnType<typeof startSinkTargets>> | undefined;

beforeAll(async () => {
  nodeVersion = (await run(node, ['--version'])).stdout.trim();
  kafka = await startKafkaMock();
  targets = await startSinkTargets(root);
  Object.assign(cases, targets.cases, sourceCases(root, kafka.brokers, JSON.parse(fcBatch)[0]));
  for (const entry of ready) {
    const bundle = await bundleFunction(entry, { root, outDir: join(work, 'bundles') });
    bundleBytes.set(entry.name, bundle.bytes);
    artifacts.set(entry.name, writeArtifact(entry.name, artifactFiles(bundle), join(work, 'dist/zips')));
  }
  writeFileSync(join(work, 'serverless.yml'), repositoryServerless(ready, missing));
}, 180_000);
afterAll(async () => {
  await targets?.stop();
  await kafka?.stop();
});

// A fresh Node process in a folder holding only the unzipped artifact: Lambda's entry with the
// recorded Kafka event (a source function: its own trigger's), then FC's with the EventBridge batch; results to result.json (stdout is the sink's).
const INVOKE = `import { writeFileSync } from 'node:fs';
import { handler, fcHandler } from './index.mjs';
const lambda = await handler(JSON.parse(process.env.LAMBDA_EVENT), {});
const fc = await fcHandler(Buffer.from(process.env.FC_EVENT), { requestId: 'r-1' });
writeFileSync('result.json', JSON.stringify({ lambda, fc, node: process.version }));
process.exit(0);
`;
const USER_HANDLER =
  'export const handler = async (event) => JSON.parse(event.toString()).map((e) => `${e.data.key}:${e.data.value.status}`);\n';

interface Case extends Omit<SinkCase, 'check'> {
  /** The Lambda invocation; default the recorded MSK event. */
  lambdaEvent?: unknown;
  check: (
    result: { lambda: Record<string, unknown>; fc: unknown },
    dir: string,
    stdout: string,
  ) => Promise<void> | void;
}
const outputs =
  (lambda: string[], fc: string[]): Case['check'] =>
  (result) => {
    expect(result.lambda).toEqual({ batchItemFailures: [], outputs: lambda });
    expect(result.fc).toEqual(fc);
  };
const spec = (value: unknown) => ({ CONFLUX_TRANSFORM: JSON.stringify(value) });
const paidIds = {
  CONFLUX_FILTER: '{"data":{"value":{"status":["paid"]}}}',
  ...spec({ form: 'JSONPATH', value: '$.data.value.id' }),
};
const delivered = { batchItemFailures: [], delivered: 2, filtered: 1 };

const cases: Record<string, Case> = {
  'transformer-original': {
    env: () => ({}),
    check: (r) =>
      expect((r.lambda.outputs as string[]).map((o) => JSON.parse(o).id)).toEqual([
        'orders-0-15',
        'orders-0-16',
        'orders-1-7',
      ]),
  },
  'transformer-jsonpath': {
    env: () => spec({ value: '$.data.value.id' }),
    check: outputs(['ORD-1', 'ORD-2', 'ORD-3'], ['ORD-9']),
  },
  'transformer-constant': { env: () => spec({ value: 'hi' }), check: outputs(['hi', 'hi', 'hi'], ['hi']) },
  'transformer-template': {
    env: () => spec({ value: { id: '$.data.value.id' }, template: 'order ${id}' }),
    check: outputs(['order ORD-1', 'order ORD-2', 'order ORD-3'], ['order ORD-9']),
  },
  'transformer-jsonata': {
    env: () => spec({ expression: 'data.value.total' }),
    check: outputs(['12.5', '3', '40'], ['7']),
  },
  'transformer-function': {
    env: () => spec({ handler: 'handler.mjs#handler' }),
    check: outputs(['ORD-1:paid', 'ORD-2:new', 'null:paid'], ['ORD-9:paid']),
  },
  'sink-file': {
    env: (dir) => ({ CONFLUX_SINK: JSON.stringify({ path: join(dir, 'out/paid.jsonl') }), ...paidIds }),
    check: (r, dir) => {
      expect(r).toEqual({ lambda: delivered, fc: { delivered: 1, filtered: 0 } });
      expect(readFileSync(join(dir, 'out/paid.jsonl'), 'utf8')).toBe('ORD-1\nORD-3\nORD-9\n');
    },
  },
  'sink-stdout': {
    // JSONATA: the engine is a chunk of the zip, loaded by this task only (a JSONPATH task never loads it)
    env: () => ({
      CONFLUX_SINK: '{}',
      CONFLUX_FILTER: paidIds.CONFLUX_FILTER,
      ...spec({ form: 'JSONATA', expression: 'data.value.id' }),
    }),
    check: (r, _dir, stdout) => {
      expect(r).toEqual({ lambda: delivered, fc: { delivered: 1, filtered: 0 } });
      expect(stdout).toBe('ORD-1\nORD-3\nORD-9\n');
    },
  },
  'sink-kafka': {
    env: () => ({
      CONFLUX_SINK: JSON.stringify({ topic: 'paid-out', brokers: kafka.brokers, key: '$.data.value.id' }),
      ...paidIds,
    }),
    check: async (r) => {
      expect(r).toEqual({ lambda: delivered, fc: { delivered: 1, filtered: 0 } });
      const { stdout } = await run('kcat', [
        '-b',
        kafka.brokers.join(','),
        '-C',
        '-t',
        'paid-out',
        '-o',
        'beginning',
        '-e',
        '-q',
        '-f',
        '%k=%s\n',
      ]);
      expect(stdout.trim().split('\n').sort()).toEqual(['ORD-1=ORD-1', 'ORD-3=ORD-3', 'ORD-9=ORD-9']);
    },
  },
};

describe('one zip per function', () => {
  it('zips every bundled function, each with a sample to run, each zip within 300 KB', () => {
    expect([...artifacts.keys()].sort()).toEqual(
      Object.keys(cases)
        .filter((n) => artifacts.has(n))
        .sort(),
    );
    expect([...artifacts.keys()].filter((name) => cases[name] === undefined)).toEqual([]);
    for (const artifact of artifacts.values()) expect(artifact.entries).toContain('index.mjs');
    for (const name of [...artifacts.keys()].filter((n) => n.startsWith('sink-') || n.startsWith('source-')))
      expect(artifacts.get(name)?.entries).toContain('worker.mjs'); // a sink or source runs its task's transform, FUNCTION too
    const sizes = [
      ...[...artifacts.values()].map((a) => ({ name: `${a.name}.zip`, bytes: a.bytes })),
      ...[...bundleBytes].map(([name, bytes]) => ({ name: `${name}/index.mjs`, bytes })),
    ];
    expect(sizes.filter((s) => s.bytes === 0 || s.bytes > MAX_BUNDLE_BYTES)).toEqual([]); // bundle sizes: npm run bench -- coldstart
  });

  it.each(ready.map((entry) => entry.name))(
    '%s runs alone from its zip: its Lambda trigger (Kafka unless a source says otherwise) and FC batch',
    async (name) => {
      const dir = cases[name]!.folder?.() ?? mkdtempSync(join(tmpdir(), `conflux-${name}-`));
      await run('unzip', ['-q', artifacts.get(name)!.file, '-d', dir]);
      writeFileSync(join(dir, 'invoke.mjs'), INVOKE);
      writeFileSync(join(dir, 'handler.mjs'), USER_HANDLER);
      cases[name]!.prepare?.(dir);
      expect(existsSync(join(dir, 'node_modules'))).toBe(false);
      const env = {
        PATH: process.env.PATH ?? '',
        LAMBDA_EVENT: JSON.stringify(cases[name]!.lambdaEvent ?? lambdaEvent),
        FC_EVENT: fcBatch,
        ...cases[name]!.env(dir),
      };
      const { stdout } = await run(node, ['invoke.mjs'], { cwd: dir, env, timeout: 60_000 });
      const { node: ranOn, ...result } = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
      expect(ranOn).toBe(nodeVersion);
      await cases[name]!.check(result, dir, stdout);
      expect(readdirSync(dir)).not.toContain('node_modules');
    },
    60_000,
  );
});

describe('the runtime written beside each bundle', () => {
  it("is the one each zip's bundle was built for: serverless.yml's runtime, esbuild's target its Node.js", async () => {
    const yml = readFileSync(join(work, 'serverless.yml'), 'utf8');
    const runtime = /^ {2}runtime: (\S+)$/m.exec(yml)?.[1];
    expect(runtime).toBe(DEFAULT_LAMBDA_RUNTIME);
    for (const artifact of artifacts.values()) {
      const { stdout } = await run('unzip', ['-p', artifact.file, 'index.mjs'], { maxBuffer: 4 << 20 });
      expect([artifact.name, builtFor(stdout)]).toEqual([
        artifact.name,
        { runtime, target: bundleTarget(DEFAULT_LAMBDA_RUNTIME) },
      ]);
    }
  });
});

describe('serverless package (the real v3 CLI, offline)', () => {
  it('packages the generated serverless.yml with every zip: one function each, and one Kafka event source mapping each that consumes Kafka', async () => {
    const cli = findServerlessCli(root, DEFAULT_LAMBDA_RUNTIME);
    if (cli === undefined) throw new Error('serverless@3 is not installed (npm run package says so and exits 2)');
    const { code, output } = await runServerlessPackage(cli, work);
    expect(output).toContain('Service packaged');
    expect(output).not.toMatch(/Invalid configuration/); // osls knows nodejs22.x (sls-runtimes.test.ts)
    expect(code).toBe(0);
    const template = JSON.parse(
      readFileSync(join(work, '.serverless/cloudformation-template-update-stack.json'), 'utf8'),
    ) as {
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };
    const resources = Object.values(template.Resources);
    const lambdas = resources.filter((r) => r.Type === 'AWS::Lambda::Function');
    expect(lambdas).toHaveLength(ready.length);
    expect(
      lambdas.every((r) => r.Properties.Runtime === 'nodejs22.x' && r.Properties.Handler === 'index.handler'),
    ).toBe(true);
    expect(resources.filter((r) => r.Type === 'AWS::Lambda::EventSourceMapping')).toHaveLength(
      ready.filter(consumesKafka).length,
    );
  }, 180_000);
});
