import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { registry } from '../../../functions/registry.js';
import { buildable } from '../../../infra/build/bundle.js';
import { consumesKafka, renderServerless, repositoryServerless } from '../../../infra/build/serverless.js';
import { findServerlessCli } from '../../../infra/build/sls.js';
import { zipFiles } from '../../../infra/build/zip.js';

const root = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

interface ServerlessYml {
  frameworkVersion: string;
  provider: { runtime: string; iam?: unknown };
  package: { individually: boolean };
  functions: Record<string, { handler: string; package: { artifact: string }; events?: Record<string, unknown>[] }>;
}

describe('serverless.yml', () => {
  const text = readFileSync(join(root, 'serverless.yml'), 'utf8');
  const yml = parse(text) as ServerlessYml;
  const { ready, missing } = buildable(registry, root);

  it('declares every bundled function of the registry, none missing, none extra (run `npm run package` when this fails)', () => {
    expect(Object.keys(yml.functions).sort()).toEqual(ready.map((entry) => entry.name).sort());
    expect(ready.length + missing.length).toBe(registry.length);
    for (const name of missing) expect(text).toContain(name); // named as not deployable yet
    expect(text).toBe(repositoryServerless(ready, missing));
  });

  it('packages each function individually from its zip, Node.js 22, no IAM beyond what events need', () => {
    expect(yml.frameworkVersion).toBe('3');
    expect(yml.provider.runtime).toBe('nodejs22.x');
    expect(yml.provider.iam).toBeUndefined();
    expect(yml.package.individually).toBe(true);
    for (const [name, fn] of Object.entries(yml.functions)) {
      expect(fn.handler).toBe('index.handler');
      expect(fn.package.artifact).toBe(`dist/zips/${name}.zip`);
    }
  });

  it('gives the functions that consume Kafka a self-managed Kafka event source', () => {
    for (const entry of ready) {
      const events = yml.functions[entry.name]!.events ?? [];
      expect(events.map((e) => Object.keys(e)[0])).toEqual(consumesKafka(entry) ? ['kafka'] : []);
    }
    const kafka = yml.functions['sink-file']!.events![0]!.kafka as Record<string, unknown>;
    expect(Object.keys(kafka)).toEqual(
      expect.arrayContaining([
        'accessConfigurations',
        'bootstrapServers',
        'topic',
        'consumerGroupId',
        'startingPosition',
      ]),
    );
  });

  it('renders MSK event sources, environments and extra IAM statements', () => {
    const out = parse(
      renderServerless(
        [
          {
            name: 'paid-orders',
            artifact: 'artifacts/paid-orders.zip',
            environment: { CONFLUX_SINK: '{"type":"stdout"}' },
            events: [{ msk: { arn: 'arn:aws:kafka:us-east-1:1:cluster/c/1', topic: 'orders' } }],
          },
        ],
        { service: 's', iamStatements: [{ Effect: 'Allow', Action: ['events:PutEvents'], Resource: '*' }] },
      ),
    ) as ServerlessYml & { functions: Record<string, { environment: Record<string, string> }> };
    expect(out.functions['paid-orders']!.environment.CONFLUX_SINK).toBe('{"type":"stdout"}');
    expect(out.functions['paid-orders']!.events).toEqual([
      { msk: { arn: 'arn:aws:kafka:us-east-1:1:cluster/c/1', topic: 'orders' } },
    ]);
    expect(out.provider.iam).toEqual({
      role: { statements: [{ Effect: 'Allow', Action: ['events:PutEvents'], Resource: '*' }] },
    });
  });
});

describe('zipFiles', () => {
  const files = [
    { name: 'index.mjs', data: Buffer.from('export const handler = async () => 1;\n'.repeat(50)) },
    { name: 'lib/handler.mjs', data: Buffer.from('x') },
    { name: 'empty.txt', data: Buffer.alloc(0) },
  ];

  it('writes an archive Debian unzip reads back byte for byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'conflux-zip-'));
    writeFileSync(join(dir, 'a.zip'), zipFiles(files));
    execFileSync('unzip', ['-q', 'a.zip', '-d', 'out'], { cwd: dir });
    for (const file of files) expect(readFileSync(join(dir, 'out', file.name))).toEqual(file.data);
    expect(execFileSync('zipinfo', ['a.zip'], { cwd: dir, encoding: 'utf8' })).toMatch(/-rw-r--r--.*defN.*index\.mjs/);
  });

  it('gives the same bytes for the same files (a redeploy of an unchanged function uploads nothing new)', () => {
    expect(zipFiles(files).equals(zipFiles(files))).toBe(true);
    expect(zipFiles(files).equals(zipFiles(files.slice(0, 2)))).toBe(false);
  });
});

describe('findServerlessCli', () => {
  it('finds serverless v3 in node_modules, and nothing where it is not installed', () => {
    expect(findServerlessCli(mkdtempSync(join(tmpdir(), 'conflux-nocli-')))).toBeUndefined();
    const cli = findServerlessCli(root);
    const declared = (
      JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }
    ).devDependencies;
    if (declared.serverless !== undefined || declared.osls !== undefined) expect(cli?.version).toMatch(/^3\./);
    else expect(cli).toBeUndefined();
  });

  it('picks, for a runtime, the installed v3 CLI whose schema knows it: osls for nodejs22.x and nodejs24.x', () => {
    expect(findServerlessCli(root)?.name).toBe('serverless');
    for (const runtime of ['nodejs22.x', 'nodejs24.x']) {
      const cli = findServerlessCli(root, runtime);
      expect(cli?.name).toBe('osls');
      expect(cli?.runtimes).toContain(runtime);
    }
    expect(findServerlessCli(root, 'nodejs20.x')?.name).toBe('serverless');
  });
});
