import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConnectorInfo, connectorRoutes } from '../../../../bus/emulator/http/connectors-api.js';
import { serve } from '../../../../bus/emulator/http/server.js';
import { connectorCatalog } from '../../../../functions/catalog.js';
import { sinkTypes } from '../../../../functions/sinks/index.js';
import { sourceTypes } from '../../../../functions/sources/index.js';

const TOKEN = 'a-long-enough-token-1234';
let port: number;
let close: () => Promise<void>;

beforeAll(async () => {
  const served = await serve(connectorRoutes(connectorCatalog()), 0, { apiToken: TOKEN });
  port = served.port;
  close = () => new Promise((resolve) => served.server.close(() => resolve()));
});
afterAll(async () => {
  await close();
});

function call(headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/connectors', headers, setHost: false }, (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('GET /api/connectors', () => {
  it('lists every source and sink of the registry with its fields', async () => {
    const answer = await call({ host: `127.0.0.1:${port}`, authorization: `Bearer ${TOKEN}` });
    expect(answer.status).toBe(200);
    const { connectors } = JSON.parse(answer.body) as { connectors: ConnectorInfo[] };
    expect(connectors.filter((c) => c.role === 'sink').map((c) => c.type)).toEqual([...sinkTypes]);
    expect(connectors.filter((c) => c.role === 'source').map((c) => c.type)).toEqual([...sourceTypes]);
    const redis = connectors.find((c) => c.role === 'sink' && c.type === 'redis')!;
    expect(redis.fields.find((f) => f.name === 'ttlSeconds')).toEqual({
      name: 'ttlSeconds',
      kind: 'integer',
      required: false,
      secret: false,
      doc: 'set only: expire the key after this many seconds.',
      min: 1,
      max: 2_147_483_647,
    });
    expect(redis.fields.find((f) => f.name === 'command')).toMatchObject({
      kind: 'oneOf',
      required: true,
      values: ['set', 'lpush', 'rpush', 'xadd', 'publish'],
    });
    const postgres = connectors.find((c) => c.type === 'postgres')!;
    expect(postgres.fields.filter((f) => f.secret).map((f) => f.name)).toEqual(['connectionString', 'password']);
    const http = connectors.find((c) => c.role === 'source' && c.type === 'http')!;
    expect(http.fields.find((f) => f.name === 'token')).toMatchObject({ secret: true, required: false });
    expect(http.fields.find((f) => f.name === 'methods')).toMatchObject({ required: false, default: ['POST'] });
    const mqtt = connectors.find((c) => c.role === 'source' && c.type === 'mqtt')!;
    expect(mqtt.fields.find((f) => f.name === 'qos')).toMatchObject({ kind: 'oneOf', values: [0, 1, 2], default: 1 });
  });

  it('names the triggers each deployed function is invoked by, and why a source has none', async () => {
    const answer = await call({ host: `127.0.0.1:${port}`, authorization: `Bearer ${TOKEN}` });
    const { connectors } = JSON.parse(answer.body) as { connectors: ConnectorInfo[] };
    const of = (role: string, type: string) => connectors.find((c) => c.role === role && c.type === type)!;
    expect(of('source', 'http').triggers).toEqual({ lambda: ['httpApi'], fc: ['eventbridge'] });
    expect(of('source', 'mqtt').triggers).toEqual({ lambda: ['iot'], fc: ['eventbridge'] });
    expect(of('sink', 'redis').triggers).toEqual({ lambda: ['kafka'], fc: ['eventbridge'] });
    expect(of('source', 'postgres-cdc')).not.toHaveProperty('triggers');
    expect(of('source', 'postgres-cdc').noTrigger).toMatch(/^AWS has no logical-replication trigger for Lambda/);
  });

  it('obeys the API exposure: no token, or a foreign Host, is refused', async () => {
    expect((await call({ host: `127.0.0.1:${port}` })).status).toBe(401);
    expect((await call({ host: 'evil.example', authorization: `Bearer ${TOKEN}` })).status).toBe(403);
  });
});
