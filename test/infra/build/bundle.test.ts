import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { findFunction } from '../../../functions/registry.js';
import { transformers } from '../../../functions/transformers/index.js';
import { type BuiltBundle, bundleFunction, MAX_BUNDLE_BYTES, sizeReport } from '../../../infra/build/bundle.js';

const run = promisify(execFile);
const root = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const outDir = mkdtempSync(join(tmpdir(), 'conflux-dist-'));
const bundles = new Map<string, BuiltBundle>();

beforeAll(async () => {
  for (const entry of transformers) bundles.set(entry.name, await bundleFunction(entry, { root, outDir }));
}, 120_000);

const b64 = (text: string) => Buffer.from(text).toString('base64');
const lambdaEvent = {
  eventSource: 'aws:kafka',
  records: {
    'orders-0': [
      {
        topic: 'orders',
        partition: 0,
        offset: 5,
        timestamp: 1795478400000,
        key: b64('ORD-1'),
        value: b64('{"status":"paid","total":12.5}'),
        headers: [],
      },
      {
        topic: 'orders',
        partition: 0,
        offset: 6,
        timestamp: 1795478400001,
        key: b64('ORD-2'),
        value: b64('{"total":1}'),
        headers: [],
      },
      {
        // nests deeper than a task's limit (json-depth.ts): every bundle fails this record alone
        topic: 'orders',
        partition: 0,
        offset: 7,
        timestamp: 1795478400002,
        key: b64('ORD-3'),
        value: b64(`${'['.repeat(101)}${']'.repeat(101)}`),
        headers: [],
      },
    ],
  },
};
const cloudEvent = {
  specversion: '1.0',
  id: 'ce-1',
  source: 'acs:alikafka',
  type: 'alikafka:Topic:Message',
  data: { key: 'ORD-9', value: { status: 'new', total: 3 } },
};

// Runs in a fresh Node process, in a folder holding nothing but the bundle (and a FUNCTION handler).
const INVOKE = `import { handler, fcHandler } from './index.mjs';
const [lambdaEvent, fcEvent] = JSON.parse(process.argv[2]);
const lambda = await handler(lambdaEvent, {});
const fc = await fcHandler(Buffer.from(JSON.stringify(fcEvent)), { requestId: 'r-1' });
process.stdout.write(JSON.stringify({ lambda, fc }));
`;

const cases: [string, unknown, unknown][] = [
  ['transformer-original', {}, { outputs: 2, fc: [JSON.stringify(cloudEvent)] }],
  ['transformer-constant', { value: 'hello' }, { outputs: ['hello', 'hello'], fc: ['hello'] }],
  ['transformer-jsonpath', { value: '$.data.value.status' }, { outputs: ['paid'], failed: [6], fc: ['new'] }],
  [
    'transformer-template',
    { value: { k: '$.data.key', t: '$.data.value.total' }, template: '${k}=${t}' },
    { outputs: ['ORD-1=12.5', 'ORD-2=1'], fc: ['ORD-9=3'] },
  ],
  ['transformer-jsonata', { expression: '$uppercase(data.key)' }, { outputs: ['ORD-1', 'ORD-2'], fc: ['ORD-9'] }],
  [
    'transformer-function',
    { handler: 'handler.mjs#handler' },
    // one call for the invocation's events (the handler appends how many it got), Lambda and FC alike
    { outputs: ['ORD-1:paid:2', 'ORD-2:undefined:2'], fc: ['ORD-9:new:1'] },
  ],
];

describe('standalone bundles', () => {
  it('builds one bundle per transformer, each within the size limit', () => {
    expect([...bundles.keys()].sort()).toEqual(transformers.map((t) => t.name).sort());
    for (const bundle of bundles.values()) expect(bundle.bytes).toBeLessThanOrEqual(MAX_BUNDLE_BYTES);
    expect(bundles.get('transformer-function')!.assets).toEqual(['worker.mjs']);
    // the jsonata engine is split off index.mjs: only a JSONATA task loads it
    for (const bundle of bundles.values()) {
      expect(readFileSync(bundle.file, 'utf8')).not.toContain('Attempted to invoke a non-function');
      const chunks = bundle.chunks.map((chunk) => readFileSync(join(dirname(bundle.file), chunk.name), 'utf8'));
      expect(chunks.some((code) => code.includes('Attempted to invoke a non-function'))).toBe(true);
    }
    expect(sizeReport([...bundles.values()])).toMatch(/transformer-jsonata\s+\d+\.\d KB\s+\d+\.\d KB {2}ok/);
  });

  it.each(cases)('%s runs alone in an empty folder, as Lambda and as FC', async (name, spec, want) => {
    const dir = mkdtempSync(join(tmpdir(), `conflux-${name}-`));
    cpSync(dirname(bundles.get(name)!.file), dir, { recursive: true });
    writeFileSync(join(dir, 'invoke.mjs'), INVOKE);
    writeFileSync(
      join(dir, 'handler.mjs'),
      'export async function handler(event, context) {\n  if (typeof context.requestId !== "string") throw new Error("no requestId");\n  const events = JSON.parse(event.toString());\n  return events.map((e) => `${e.data.key}:${e.data.value.status}:${events.length}`);\n}\n',
    );
    expect(existsSync(join(dir, 'node_modules'))).toBe(false);
    const { stdout } = await run(process.execPath, ['invoke.mjs', JSON.stringify([lambdaEvent, [cloudEvent]])], {
      cwd: dir,
      env: { PATH: process.env.PATH, CONFLUX_TRANSFORM: JSON.stringify(spec) },
    });
    const { lambda, fc } = JSON.parse(stdout) as {
      lambda: { outputs: string[]; batchItemFailures: unknown[] };
      fc: string[];
    };
    const expected = want as { outputs: string[] | number; failed?: number[]; fc: string[] };
    if (typeof expected.outputs === 'number') expect(lambda.outputs).toHaveLength(expected.outputs);
    else expect(lambda.outputs).toEqual(expected.outputs);
    expect(lambda.batchItemFailures).toEqual(
      [...(expected.failed ?? []), 7].map((offset) => ({ itemIdentifier: { partition: 'orders-0', offset } })),
    );
    expect(fc).toEqual(expected.fc);
    expect(readdirSync(dir).sort()).not.toContain('node_modules');
  });
});

describe('the redis sink bundle', () => {
  it("leaves ioredis's Cluster client out (constructing it throws) and fits the limit; it runs alone in the zips test", async () => {
    const bundle = await bundleFunction(findFunction('sink', 'redis')!, { root, outDir });
    const text = readFileSync(bundle.file, 'utf8');
    expect(text).toContain('the ioredis Cluster client is left out of conflux bundles');
    expect(text).not.toContain('clusterRetryStrategy');
    expect(bundle.bytes).toBeLessThanOrEqual(MAX_BUNDLE_BYTES);
  }, 60_000);
});

describe('the mysql, mqtt and nats sink bundles', () => {
  it.each([
    ['mysql', 'mysql2 pool clusters is left out of conflux bundles', 'BEGIN CERTIFICATE'],
    [
      'mqtt',
      'the SOCKS proxy transport of mqtt.js is left out of conflux bundles',
      'An invalid SOCKS command was provided',
    ],
    ['nats', 'the NATS key-value store is left out of conflux bundles', 'crypto_box_keypair'],
  ])(
    '%s leaves out what the sink never reaches (using it throws) and fits the limit; it runs alone in the zips test',
    async (type, sentence, leftOutText) => {
      const bundle = await bundleFunction(findFunction('sink', type)!, { root, outDir });
      const text = readFileSync(bundle.file, 'utf8');
      expect(text).toContain(sentence);
      expect(text).not.toContain(leftOutText);
      expect(bundle.bytes).toBeLessThanOrEqual(MAX_BUNDLE_BYTES);
    },
    60_000,
  );
});
