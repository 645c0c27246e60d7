import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, ListRulesCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../../infra/config/index.js';
import { type Streams, startStreams } from '../../../infra/wire/streams.js';

const TOKEN = 'token-for-the-test-0123456789';
let streams: Streams;
beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'conflux-token-'));
  const valid = validateConfig({ version: 1, tasks: [] });
  if (!valid.ok) throw new Error('bad test config');
  streams = await startStreams(valid.config, {
    baseDir: dir,
    dataDir: join(dir, '.conflux'),
    port: 0,
    exposure: { apiToken: TOKEN, allowHosts: ['dev.box'] },
  });
});
afterAll(async () => {
  await streams.close();
});

const sdk = (accessKeyId: string) =>
  new EventBridgeClient({
    endpoint: `http://127.0.0.1:${streams.port}`,
    region: 'us-east-1',
    credentials: { accessKeyId, secretAccessKey: 'any' },
    maxAttempts: 1,
  });

describe('an emulator started with an API token', () => {
  it('serves the task API, metrics and testers only with "Authorization: Bearer <token>"', async () => {
    const base = `http://127.0.0.1:${streams.port}`;
    for (const path of ['/api/tasks', '/metrics', '/healthz']) {
      expect((await fetch(`${base}${path}`)).status, path).toBe(401);
      expect((await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } })).status, path).toBe(200);
    }
    expect((await fetch(`${base}/`)).status).toBe(200); // the console page itself, which then asks for the token
  });

  it('serves the real AWS SDK when its access key id is the token, and refuses it otherwise', async () => {
    const client = sdk(TOKEN);
    expect((await client.send(new ListRulesCommand({}))).Rules).toEqual([]);
    const stranger = sdk('AKIDEXAMPLE');
    await expect(stranger.send(new ListRulesCommand({}))).rejects.toMatchObject({ $metadata: { httpStatusCode: 401 } });
    client.destroy();
    stranger.destroy();
  });
});
