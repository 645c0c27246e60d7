/**
 * The real services the sink bundles of the zips test write to, and how to read back what
 * arrived (not a test file itself). Each case runs its bundle in a fresh Node process with the
 * recorded MSK event (ORD-1 paid, ORD-2 new, ORD-3 paid) and the FC batch (ORD-9 paid); the task
 * keeps the paid orders, so each service must hold ORD-1, ORD-3 and ORD-9.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { Redis } from 'ioredis';
import { connect as natsConnect } from 'nats';
import { expect } from 'vitest';
import { startBench } from '../../bus/emulator/eventbridge/setup.js';
import { recordingServer } from '../../functions/sinks/http/server.js';
import { readTopic } from '../../functions/sinks/mqtt/mqtt-admin.js';
import { admin as mysql, tableWithUser } from '../../functions/sinks/mysql/target.js';
import { freshStream, streamMessages } from '../../functions/sinks/nats/nats-admin.js';
import { POSTGRES_URL, admin as postgres, uniqueTable } from '../../functions/sinks/postgres/target.js';
import { BROKER_URL, freshQueue } from '../../functions/sinks/rabbitmq/broker.js';
import { waitFor } from '../../helpers/process.js';

/** How one bundle is run and checked. */
export interface SinkCase {
  env: (dir: string) => Record<string, string>;
  check: (result: { lambda: unknown; fc: unknown }, dir: string, stdout: string) => Promise<void> | void;
  /** Files the task needs beside the bundle (a handler). */
  prepare?: (dir: string) => void;
  /** The folder to unzip into; default a fresh temp folder. */
  folder?: () => string;
}

const paidIds = {
  CONFLUX_FILTER: '{"data":{"value":{"status":["paid"]}}}',
  CONFLUX_TRANSFORM: JSON.stringify({ form: 'JSONPATH', value: '$.data.value.id' }),
};
const sink = (settings: unknown, transform: Record<string, string> = paidIds) => ({
  CONFLUX_SINK: JSON.stringify(settings),
  ...transform,
});
const PAID = ['ORD-1', 'ORD-3', 'ORD-9'];
const delivered = (result: { lambda: unknown; fc: unknown }) =>
  expect(result).toEqual({
    lambda: { batchItemFailures: [], delivered: 2, filtered: 1 },
    fc: { delivered: 1, filtered: 0 },
  });

/**
 * A folder inside one whose node_modules holds only `@aws-sdk` (a link to this repository's), as the
 * Lambda Node.js runtime provides the SDK the bundles leave out; the folder itself has no node_modules.
 */
function besideTheSdk(root: string): string {
  const runtime = mkdtempSync(join(tmpdir(), 'conflux-lambda-runtime-'));
  mkdirSync(join(runtime, 'node_modules'));
  symlinkSync(join(root, 'node_modules/@aws-sdk'), join(runtime, 'node_modules/@aws-sdk'), 'dir');
  mkdirSync(join(runtime, 'task'));
  return join(runtime, 'task');
}

/** Starts what the sink bundles write to; `cases` by bundle name, `stop` releases everything. */
export async function startSinkTargets(root: string) {
  const http = await recordingServer();
  const table = uniqueTable();
  await postgres(`CREATE TABLE ${table} (id text PRIMARY KEY, total numeric NOT NULL)`);
  const redis = new Redis('redis://127.0.0.1:6379');
  const list = `conflux-zip-${randomUUID()}`;
  const rabbit = await freshQueue();
  const mysqlTable = await tableWithUser('id VARCHAR(20) PRIMARY KEY, total DECIMAL(10,2) NOT NULL');
  const mqttTopic = `conflux/zip/${randomUUID()}`;
  const mqtt = await readTopic('mqtt://127.0.0.1:1883', mqttTopic);
  const nats = await natsConnect({ servers: '127.0.0.1:4222' });
  const jsm = await nats.jetstreamManager();
  const stream = await freshStream(jsm);
  const bench = await startBench(['paid']);
  await bench.client.send(new PutRuleCommand({ Name: 'paid', EventPattern: '{"source":["conflux.orders"]}' }));
  await bench.client.send(
    new PutTargetsCommand({ Rule: 'paid', Targets: [{ Id: 'paid', Arn: 'arn:conflux:task:paid' }] }),
  );

  const cases: Record<string, SinkCase> = {
    'sink-http': {
      env: () => sink({ url: http.url, method: 'PUT', headers: { 'x-order': '$.data.value.id' } }),
      check: (result) => {
        delivered(result);
        expect(http.requests.map((r) => [r.method, r.headers['x-order'], r.body])).toEqual(
          PAID.map((id) => ['PUT', id, id]),
        );
      },
    },
    'sink-postgres': {
      env: () =>
        sink({
          connectionString: POSTGRES_URL,
          table,
          columns: { id: '$.data.value.id', total: '$.data.value.total' },
          mode: 'upsert',
          conflictKey: ['id'],
        }),
      check: async (result) => {
        delivered(result);
        const rows = await postgres<{ id: string; total: string }>(`SELECT id, total FROM ${table} ORDER BY id`);
        expect(rows).toEqual([
          { id: 'ORD-1', total: '12.5' },
          { id: 'ORD-3', total: '40' },
          { id: 'ORD-9', total: '7' },
        ]);
      },
    },
    'sink-mysql': {
      env: () =>
        sink({
          connectionString: 'mysql://root@127.0.0.1:3306/test',
          table: mysqlTable.table,
          columns: { id: '$.data.value.id', total: '$.data.value.total' },
          mode: 'upsert',
        }),
      check: async (result) => {
        delivered(result);
        const rows = await mysql<{ id: string; total: string }>(
          `SELECT id, total FROM ${mysqlTable.table} ORDER BY id`,
        );
        expect(rows).toEqual([
          { id: 'ORD-1', total: '12.50' },
          { id: 'ORD-3', total: '40.00' },
          { id: 'ORD-9', total: '7.00' },
        ]);
      },
    },
    'sink-mqtt': {
      env: () => sink({ url: 'mqtt://127.0.0.1:1883', topic: mqttTopic, qos: 1 }),
      check: async (result) => {
        delivered(result);
        expect(await mqtt.received()).toEqual(PAID);
      },
    },
    'sink-nats': {
      env: () =>
        sink({
          servers: ['127.0.0.1:4222'],
          subject: stream.subject,
          headers: { order: '$.data.value.id' },
          jetstream: true,
        }),
      check: async (result) => {
        delivered(result);
        expect(await streamMessages(jsm, stream.stream)).toEqual(
          PAID.map((id) => ({ data: id, headers: { order: id } })),
        );
      },
    },
    'sink-redis': {
      env: () => sink({ url: 'redis://127.0.0.1:6379', command: 'rpush', key: list }),
      check: async (result) => {
        delivered(result);
        expect(await redis.lrange(list, 0, -1)).toEqual(PAID);
      },
    },
    'sink-rabbitmq': {
      env: () => sink({ url: BROKER_URL, routingKey: rabbit.queue, headers: { order: '$.data.value.id' } }),
      check: async (result) => {
        delivered(result);
        const messages = await rabbit.drain();
        expect(messages.map((m) => [m.content.toString(), m.properties.headers?.order])).toEqual(
          PAID.map((id) => [id, id]),
        );
      },
    },
    'sink-eventbridge': {
      folder: () => besideTheSdk(root),
      env: () => ({
        ...sink(
          { endpoint: `http://127.0.0.1:${bench.streams.port}`, source: 'conflux.orders', detailType: 'OrderPaid' },
          { CONFLUX_FILTER: paidIds.CONFLUX_FILTER, CONFLUX_TRANSFORM: '{"form":"JSONPATH","value":"$.data.value"}' },
        ),
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
      }),
      check: async (result) => {
        delivered(result);
        const events = async () =>
          (await bench.delivered('paid')) as { 'detail-type': string; detail: { id: string } }[];
        await waitFor(async () => (await events()).length >= PAID.length, 'three events on the emulator bus');
        expect((await events()).map((e) => [e['detail-type'], e.detail.id])).toEqual(
          PAID.map((id) => ['OrderPaid', id]),
        );
      },
    },
    'sink-function': {
      prepare: (dir) =>
        writeFileSync(
          join(dir, 'record.mjs'),
          "import { appendFileSync } from 'node:fs';\nexport const handler = async (event) => { appendFileSync('calls.jsonl', event.toString() + '\\n'); };\n",
        ),
      env: (dir) => ({ ...sink({ handler: 'record.mjs#handler' }), LAMBDA_TASK_ROOT: dir }),
      check: (result, dir) => {
        delivered(result);
        expect(readFileSync(join(dir, 'calls.jsonl'), 'utf8')).toBe('["ORD-1","ORD-3"]\n["ORD-9"]\n');
      },
    },
  };

  const stop = async () => {
    await http.close();
    await postgres(`DROP TABLE IF EXISTS ${table}`);
    await redis.del(list);
    redis.disconnect();
    await rabbit.close();
    await mysqlTable.drop();
    await mqtt.close();
    await jsm.streams.delete(stream.stream);
    await nats.close();
    await bench.close();
  };
  return { cases, stop };
}
