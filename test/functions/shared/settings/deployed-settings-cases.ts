/** Settings tables for the sinks that run in the emulator, each held to its config.ts (not a test file itself). */
import type { z } from 'zod';
import type { SettingsCheck } from '../../../../functions/shared/settings/deployed-settings.js';
import { settingsCheck } from '../../../../functions/shared/settings/field-check.js';
import { eventbridgeSinkConfig } from '../../../../functions/sinks/eventbridge/config.js';
import { eventbridgeSink } from '../../../../functions/sinks/eventbridge/connector.js';
import { functionSinkConfig } from '../../../../functions/sinks/function/config.js';
import { functionSink } from '../../../../functions/sinks/function/connector.js';
import { httpSinkConfig } from '../../../../functions/sinks/http/config.js';
import { httpSink } from '../../../../functions/sinks/http/connector.js';
import { mqttSinkConfig } from '../../../../functions/sinks/mqtt/config.js';
import { mqttSink } from '../../../../functions/sinks/mqtt/connector.js';
import { mysqlSinkConfig } from '../../../../functions/sinks/mysql/config.js';
import { mysqlSink } from '../../../../functions/sinks/mysql/connector.js';
import { natsSinkConfig } from '../../../../functions/sinks/nats/config.js';
import { natsSink } from '../../../../functions/sinks/nats/connector.js';
import { postgresSinkConfig } from '../../../../functions/sinks/postgres/config.js';
import { postgresSink } from '../../../../functions/sinks/postgres/connector.js';
import { rabbitmqSinkConfig } from '../../../../functions/sinks/rabbitmq/config.js';
import { rabbitmqSink } from '../../../../functions/sinks/rabbitmq/connector.js';
import { redisSinkConfig } from '../../../../functions/sinks/redis/config.js';
import { redisSink } from '../../../../functions/sinks/redis/connector.js';

const eventbridgeSettings = settingsCheck(eventbridgeSink);
const functionSettings = settingsCheck(functionSink);
const httpSettings = settingsCheck(httpSink);
const mqttSettings = settingsCheck(mqttSink);
const mysqlSettings = settingsCheck(mysqlSink);
const natsSettings = settingsCheck(natsSink);
const postgresSettings = settingsCheck(postgresSink);
const rabbitmqSettings = settingsCheck(rabbitmqSink);
const redisSettings = settingsCheck(redisSink);

type Table = [string, z.ZodType, SettingsCheck<unknown>, unknown[]];

const pg = { type: 'postgres', table: 'orders', columns: { id: '$.data.value.id' } };
const my = { type: 'mysql', table: 'orders', columns: { id: '$.data.value.id' } };

/** Accepted settings (defaults to fill) and rejected ones (paths to point at), per sink. */
export const emulatorSinkTables: Table[] = [
  [
    'http',
    httpSinkConfig,
    httpSettings,
    [
      { type: 'http', url: 'http://127.0.0.1:8080/hook' },
      { type: 'http', url: 'https://x.test', method: 'PUT', headers: { a: '$.id', b: 'fixed' }, timeoutMs: 5 },
      { type: 'http', url: 'ftp://x.test' },
      { type: 'http', url: 'not a url', method: 'post', timeoutMs: 0 },
      { type: 'http', url: '', timeoutMs: 1.5, headers: { '': 'x' } },
      { type: 'http', url: 'http://x', timeoutMs: 900_001, headers: [] },
      { type: 'http' },
      'http',
    ],
  ],
  [
    'postgres',
    postgresSinkConfig,
    postgresSettings,
    [
      { ...pg, connectionString: 'postgres://u@h/db' },
      { ...pg, table: 'sales.orders', host: 'h', port: 5433, user: 'u', password: '', database: 'd' },
      { ...pg, connectionString: 'postgresql://h/db', mode: 'upsert', conflictKey: ['id'] },
      { ...pg, host: 'h', mode: 'upsert' },
      { ...pg, host: 'h', conflictKey: ['id'] },
      { ...pg, host: 'h', mode: 'upsert', conflictKey: ['zz', 3] },
      { ...pg, host: 'h', mode: 'upsert', conflictKey: [] },
      { ...pg, host: 'h', mode: 'upsert', conflictKey: 'id' },
      { ...pg, connectionString: 'mysql://h/db', port: 0, table: '', columns: 'x', mode: 'bad' },
      { ...pg, connectionString: 'postgres://h/db', user: 'u', database: 'd' },
      { ...pg, columns: {} },
      { ...pg, host: 'h', columns: { '': '$.a', '1a': 'x', ok: { form: 'NOPE' } } },
      { ...pg, host: 'h', columns: ['$.a'] },
      { ...pg, host: 'h', columns: [] },
      { ...pg, host: 'h', columns: null },
      { ...pg, host: 'h', table: '1table' },
      { ...pg, host: '', table: 'a.b.c', extra: 1 },
      [],
      'postgres',
      null,
    ],
  ],
  [
    'mysql',
    mysqlSinkConfig,
    mysqlSettings,
    [
      { ...my, host: '127.0.0.1', user: 'root', password: '', database: 'test', mode: 'upsert' },
      { ...my, connectionString: 'mariadb://root@127.0.0.1/test' },
      { ...my, host: 'h', password: 3, port: 3.5 },
      { ...my, host: 'h', conflictKey: ['id'] },
      { ...my, connectionString: 'postgres://h/db' },
      { ...my, connectionString: 'mysql://h/db', password: 'p' },
      my,
      [],
    ],
  ],
  [
    'redis',
    redisSinkConfig,
    redisSettings,
    [
      { type: 'redis', command: 'set', key: '$.data.key', ttlSeconds: 60 },
      { type: 'redis', url: 'rediss://h:6380', command: 'xadd', key: 'k', field: 'f', maxLength: 10 },
      { type: 'redis', command: 'SET', key: 'k', ttlSeconds: 5 },
      { type: 'redis', command: 'lpush', key: 'k', ttlSeconds: 5, maxLength: 3 },
      { type: 'redis', command: 'xadd', key: 'k', field: '', maxLength: 0 },
      { type: 'redis', url: 'http://h', command: 'publish', key: { form: 'JSONPATH', value: 'x' } },
      { type: 'redis', command: 'set' },
      { type: 'redis', ttlSeconds: 2_147_483_648 },
      [],
    ],
  ],
  [
    'rabbitmq',
    rabbitmqSinkConfig,
    rabbitmqSettings,
    [
      { type: 'rabbitmq', routingKey: 'orders' },
      {
        type: 'rabbitmq',
        url: 'amqps://h',
        exchange: 'x',
        routingKey: '$.data.key',
        headers: { a: 'b' },
        persistent: false,
        contentType: 'text/plain',
      },
      { type: 'rabbitmq', routingKey: 'q', exchange: 3, persistent: 'yes', contentType: '' },
      { type: 'rabbitmq', url: 'amqp:/', routingKey: 'q', headers: 'h' },
      { type: 'rabbitmq' },
    ],
  ],
  [
    'mqtt',
    mqttSinkConfig,
    mqttSettings,
    [
      { type: 'mqtt', topic: 'devices/alerts' },
      { type: 'mqtt', url: 'wss://h/mqtt', topic: '$.data.key', qos: 2, retain: true },
      { type: 'mqtt', url: 'http://h', topic: 't', qos: '1', retain: 1 },
      { type: 'mqtt', topic: { form: 'CONSTANT' }, qos: 3 },
      { type: 'mqtt' },
    ],
  ],
  [
    'nats',
    natsSinkConfig,
    natsSettings,
    [
      { type: 'nats', subject: 's' },
      { type: 'nats', servers: ['a:4222', 'b'], subject: '$.data.key', headers: { h: 'v' }, jetstream: true },
      { type: 'nats', subject: 's', servers: [] },
      { type: 'nats', subject: 's', servers: ['', 3] },
      { type: 'nats', subject: 's', servers: 'a:4222', jetstream: 'true' },
      { type: 'nats', headers: { '': 'x' } },
    ],
  ],
  [
    'eventbridge',
    eventbridgeSinkConfig,
    eventbridgeSettings,
    [
      { type: 'eventbridge', source: 's', detailType: 'd' },
      {
        type: 'eventbridge',
        endpoint: 'http://127.0.0.1:4010',
        region: 'eu-west-1',
        eventBusName: 'b',
        source: 's',
        detailType: 'd',
      },
      { type: 'eventbridge', endpoint: 'tcp://h', region: '', source: '', detailType: 3 },
      { type: 'eventbridge', source: 's', detailType: 'd', eventBusName: '', bus: 'x' },
      { type: 'eventbridge' },
    ],
  ],
  [
    'function',
    functionSinkConfig,
    functionSettings,
    [
      { type: 'function', handler: 'handlers/notify.mjs#handler' },
      { type: 'function', handler: 'h.mjs#$run_1', timeoutMs: 900_000 },
      { type: 'function', handler: 'h.mjs' },
      { type: 'function', handler: '#h' },
      { type: 'function', handler: ' h.mjs#h' },
      { type: 'function', handler: 'h.mjs#1x', timeoutMs: 0 },
      { type: 'function', handler: 'a#b#c', timeoutMs: '5' },
      { type: 'function' },
    ],
  ],
];
