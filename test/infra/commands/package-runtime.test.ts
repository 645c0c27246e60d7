import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { builtFor } from '../../../infra/build/bundle.js';
import { runCli } from '../../helpers/cli.js';
import { project } from './package-project.js';

const run = promisify(execFile);
const node = process.env.CONFLUX_SMOKE_NODE || process.execPath;

const TASKS = `tasks:
  - name: paid-to-file
    source: { type: kafka, topic: orders, brokers: ["b-1.example:9092"] }
    filter: { data: { value: { status: [paid] } } }
    transform: { form: JSONPATH, value: $.data.value.id }
    sink: { type: file, path: /tmp/conflux-runtime-paid.jsonl }
  - name: shout
    source: { type: kafka, topic: orders, brokers: ["b-1.example:9092"] }
    transform: { form: FUNCTION, handler: "handlers/shout.mjs#shout" }
    sink: { type: stdout }
`;

/** What `index.mjs` of a zip says it was built for. */
async function zipBuiltFor(zip: string) {
  const { stdout } = await run('unzip', ['-p', zip, 'index.mjs'], { maxBuffer: 4 << 20 });
  return builtFor(stdout);
}

interface FcYaml {
  resources: Record<string, { component: string; props: { runtime: string; handler: string; code: string } }>;
}

describe('conflux package FILE: the runtimes', () => {
  it('--runtime nodejs24.x: serverless.yml on it with zips built for node24; fc/s.yaml on nodejs20 with zips built for node20', async () => {
    const dir = project(`version: 1\n${TASKS}`);
    const result = await runCli(['package', 'conflux.yaml', '--out', 'deploy', '--runtime', 'nodejs24.x'], {
      cwd: dir,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('serverless.yml (nodejs24.x) and fc/s.yaml (Function Compute) in deploy');
    const yml = parse(readFileSync(join(dir, 'deploy/serverless.yml'), 'utf8')) as {
      provider: { runtime: string };
      functions: Record<string, { package: { artifact: string } }>;
    };
    expect(yml.provider.runtime).toBe('nodejs24.x');
    for (const fn of Object.values(yml.functions)) {
      expect(await zipBuiltFor(join(dir, 'deploy', fn.package.artifact))).toEqual({
        runtime: 'nodejs24.x',
        target: 'node24',
      });
    }
    const fc = parse(readFileSync(join(dir, 'deploy/fc/s.yaml'), 'utf8')) as FcYaml;
    expect(Object.keys(fc.resources)).toEqual(['paid-to-file', 'shout']);
    for (const resource of Object.values(fc.resources)) {
      expect(resource).toMatchObject({ component: 'fc3', props: { runtime: 'nodejs20', handler: 'index.fcHandler' } });
      expect(await zipBuiltFor(join(dir, 'deploy/fc', resource.props.code))).toEqual({
        runtime: 'nodejs20',
        target: 'node20',
      });
    }
    expect(readdirSync(join(dir, 'deploy/fc/artifacts')).sort()).toEqual(['paid-to-file.zip', 'shout.zip']);
  }, 60_000);

  it('the Function Compute zip answers an EventBridge batch alone, with the environment s.yaml gives it', async () => {
    const dir = project(`version: 1\n${TASKS}`);
    expect((await runCli(['package', 'conflux.yaml', '--out', 'deploy'], { cwd: dir })).code).toBe(0);
    const fc = parse(readFileSync(join(dir, 'deploy/fc/s.yaml'), 'utf8')) as {
      resources: Record<string, { props: { code: string; environmentVariables: Record<string, string> } }>;
    };
    const { props } = fc.resources.shout!;
    const app = mkdtempSync(join(tmpdir(), 'conflux-fc-zip-'));
    await run('unzip', ['-q', join(dir, 'deploy/fc', props.code), '-d', app]);
    writeFileSync(
      join(app, 'invoke.mjs'),
      "import { fcHandler } from './index.mjs';\nconst r = await fcHandler(Buffer.from(process.argv[2]), { requestId: 'r-1' });\nprocess.stderr.write(JSON.stringify(r));\nprocess.exit(0);\n",
    );
    const batch = [
      {
        specversion: '1.0',
        id: '1',
        source: 'acs:alikafka',
        type: 'alikafka:Topic:Message',
        data: { value: { id: 'ord-9' } },
      },
    ];
    const { stdout, stderr } = await run(node, ['invoke.mjs', JSON.stringify(batch)], {
      cwd: app,
      env: { PATH: process.env.PATH ?? '', ...props.environmentVariables },
    });
    expect(stdout).toBe('ORD-9\n');
    expect(JSON.parse(stderr)).toEqual({ delivered: 1, filtered: 0 });
  }, 60_000);

  it('takes deploy.runtime from conflux.yaml; --runtime wins over it', async () => {
    const dir = project(`version: 1\ndeploy: { runtime: nodejs24.x }\n${TASKS}`);
    const runtimeIn = (out: string) =>
      (parse(readFileSync(join(dir, out, 'serverless.yml'), 'utf8')) as { provider: { runtime: string } }).provider
        .runtime;
    expect((await runCli(['package', 'conflux.yaml', '--out', 'a'], { cwd: dir })).code).toBe(0);
    expect(runtimeIn('a')).toBe('nodejs24.x');
    expect(
      (await runCli(['package', 'conflux.yaml', '--out', 'b', '--runtime', 'nodejs22.x'], { cwd: dir })).code,
    ).toBe(0);
    expect(runtimeIn('b')).toBe('nodejs22.x');
  }, 60_000);

  it('refuses a runtime conflux does not deploy to, naming the ones it does', async () => {
    const dir = project(`version: 1\n${TASKS}`);
    const flag = await runCli(['package', 'conflux.yaml', '--runtime', 'nodejs20.x'], { cwd: dir });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain(
      '--runtime: must be one of nodejs22.x, nodejs24.x (got "nodejs20.x"); Node.js 20 is past its end of life',
    );
    writeFileSync(join(dir, 'old.yaml'), `version: 1\ndeploy: { runtime: nodejs18.x }\n${TASKS}`);
    const file = await runCli(['package', 'old.yaml'], { cwd: dir });
    expect(file.code).toBe(2);
    expect(file.stderr).toContain('deploy.runtime: must be one of nodejs22.x, nodejs24.x (got "nodejs18.x")');
  });

  it('--sls with nodejs24.x packages with the v3 CLI that knows it (osls), with no warning', async () => {
    const dir = project(`version: 1\n${TASKS}`);
    const result = await runCli(['package', 'conflux.yaml', '--out', 'deploy', '--runtime', 'nodejs24.x', '--sls'], {
      cwd: dir,
    });
    expect(result.stdout).toMatch(/osls 3\.\d+\.\d+ package \(offline\) in deploy/);
    expect(result.stdout + result.stderr).not.toMatch(/Invalid configuration|does not know/);
    expect(result.code).toBe(0);
    const template = readFileSync(join(dir, 'deploy/.serverless/cloudformation-template-update-stack.json'), 'utf8');
    expect(template.match(/"Runtime": "nodejs\d+\.x"/g)).toEqual([
      '"Runtime": "nodejs24.x"',
      '"Runtime": "nodejs24.x"',
    ]);
  }, 60_000);
});
