import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { formatConfigPath } from '../../../bus/errors.js';
import { checkWith } from '../../../functions/shared/settings/config-issues.js';
import { sinkConfigs, sinks, sinkTypes } from '../../../functions/sinks/index.js';
import { sourceConfigs, sources, sourceTypes } from '../../../functions/sources/index.js';

/** Per type: a realistic example that must pass, a misspelt key, and a wrong value with the exact line it gives. */
interface Row {
  example: Record<string, unknown>;
  typo: [key: string, expected: string];
  wrong: [fields: Record<string, unknown>, expected: string];
}

const sinkRows: Record<string, Row> = {
  kafka: {
    example: {
      type: 'kafka',
      topic: 'out',
      brokers: ['127.0.0.1:9092'],
      key: '$.data.value.id',
      headers: { source: 'conflux' },
      acks: 1,
      compression: 'gzip',
    },
    typo: ['topci', 'topci: unknown key (did you mean "topic"?)'],
    wrong: [{ acks: 2 }, 'acks: must be one of 0, 1, all (got 2)'],
  },
  http: {
    example: {
      type: 'http',
      url: 'https://example.com/hook',
      method: 'PUT',
      headers: { 'x-id': '$.id' },
      timeoutMs: 2000,
    },
    typo: ['methd', 'methd: unknown key (did you mean "method"?)'],
    wrong: [{ url: 'ftp://example.com' }, 'url: must be a http:// or https:// URL (got "ftp://example.com")'],
  },
  postgres: {
    example: {
      type: 'postgres',
      connectionString: 'postgres://app@127.0.0.1/shop',
      table: 'public.orders',
      columns: { id: '$.data.value.id', body: { form: 'ORIGINAL' } },
      mode: 'upsert',
      conflictKey: ['id'],
    },
    typo: ['colums', 'colums: unknown key (did you mean "columns"?)'],
    wrong: [{ conflictKey: ['sku'] }, 'conflictKey[0]: "sku" is not one of the columns'],
  },
  mysql: {
    example: {
      type: 'mysql',
      host: '127.0.0.1',
      port: 3306,
      user: 'root',
      password: '',
      database: 'shop',
      table: 'orders',
      columns: { id: '$.data.value.id' },
      mode: 'upsert',
    },
    typo: ['databse', 'databse: unknown key (did you mean "database"?)'],
    wrong: [
      { connectionString: 'mysql://root@127.0.0.1/shop' },
      'host: give either connectionString or host/port/user/password/database, not both',
    ],
  },
  redis: {
    example: {
      type: 'redis',
      url: 'redis://127.0.0.1:6379',
      command: 'set',
      key: { form: 'TEMPLATE', value: { id: '$.data.value.id' }, template: 'order:${id}' },
      ttlSeconds: 60,
    },
    typo: ['commnd', 'commnd: unknown key (did you mean "command"?)'],
    wrong: [{ maxLength: 10 }, 'maxLength: only applies to command xadd (got set)'],
  },
  rabbitmq: {
    example: {
      type: 'rabbitmq',
      url: 'amqp://127.0.0.1:5672',
      exchange: 'orders',
      routingKey: '$.data.value.region',
      headers: { 'x-id': '$.id' },
      persistent: false,
    },
    typo: ['routingkey', 'routingkey: unknown key (did you mean "routingKey"?)'],
    wrong: [{ persistent: 'yes' }, 'persistent: must be true or false (got "yes")'],
  },
  mqtt: {
    example: { type: 'mqtt', url: 'mqtt://127.0.0.1:1883', topic: 'alerts/orders', qos: 2, retain: true },
    typo: ['retian', 'retian: unknown key (did you mean "retain"?)'],
    wrong: [{ qos: 3 }, 'qos: must be one of 0, 1, 2 (got 3)'],
  },
  nats: {
    example: {
      type: 'nats',
      servers: ['127.0.0.1:4222'],
      subject: { form: 'TEMPLATE', value: { k: '$.data.value.kind' }, template: 'orders.${k}' },
      jetstream: true,
    },
    typo: ['subjct', 'subjct: unknown key (did you mean "subject"?)'],
    wrong: [{ servers: [] }, 'servers: must list at least one server'],
  },
  eventbridge: {
    example: {
      type: 'eventbridge',
      endpoint: 'http://127.0.0.1:4010',
      region: 'eu-west-1',
      eventBusName: 'orders',
      source: 'shop',
      detailType: 'OrderPaid',
    },
    typo: ['detailtype', 'detailtype: unknown key (did you mean "detailType"?)'],
    wrong: [{ source: '' }, 'source: must be a source name (got "")'],
  },
  function: {
    example: { type: 'function', handler: 'handlers/notify.mjs#handler', timeoutMs: 5000 },
    typo: ['handlr', 'handlr: unknown key (did you mean "handler"?)'],
    wrong: [{ timeoutMs: 0 }, 'timeoutMs: must be an integer from 1 to 900000 (got 0)'],
  },
  file: {
    example: { type: 'file', path: 'out/orders.jsonl' },
    typo: ['paht', 'paht: unknown key (did you mean "path"?)'],
    wrong: [{ path: 5 }, 'path: must be a file path (got 5)'],
  },
  stdout: {
    example: { type: 'stdout' },
    typo: ['fromat', 'fromat: unknown key; allowed keys: type'],
    wrong: [{ type: 'stdout ' }, 'type: must be "stdout" (got "stdout ")'],
  },
};

const sourceRows: Record<string, Row> = {
  kafka: {
    example: {
      type: 'kafka',
      topic: 'orders',
      brokers: ['127.0.0.1:9092'],
      consumerGroup: 'GID_x',
      offset: 'earliest',
      valueFormat: 'json',
    },
    typo: ['consumergroup', 'consumergroup: unknown key (did you mean "consumerGroup"?)'],
    wrong: [{ offset: 'beginning' }, 'offset: must be one of earliest, latest (got "beginning")'],
  },
  http: {
    example: { type: 'http', path: '/hooks/orders', methods: ['POST', 'PUT'], token: 's3cret' },
    typo: ['method', 'method: unknown key (did you mean "methods"?)'],
    wrong: [{ path: 'hooks' }, 'path: must be a URL path starting with /, e.g. "/hooks/orders" (got "hooks")'],
  },
  rabbitmq: {
    example: { type: 'rabbitmq', url: 'amqps://broker.example.com', queue: 'orders', prefetch: 10 },
    typo: ['queu', 'queu: unknown key (did you mean "queue"?)'],
    wrong: [{ prefetch: 0 }, 'prefetch: must be an integer from 1 to 65535 (got 0)'],
  },
  mqtt: {
    example: {
      type: 'mqtt',
      url: 'mqtt://127.0.0.1:1883',
      topic: 'devices/+/telemetry',
      qos: 0,
      clientId: 'conflux-1',
    },
    typo: ['topik', 'topik: unknown key (did you mean "topic"?)'],
    wrong: [
      { url: 'http://127.0.0.1' },
      'url: must be a mqtt:// or mqtts:// or ws:// or wss:// URL (got "http://127.0.0.1")',
    ],
  },
  nats: {
    example: {
      type: 'nats',
      servers: ['127.0.0.1:4222'],
      subject: 'orders.>',
      jetstream: { stream: 'ORDERS', durable: 'conflux' },
    },
    typo: ['subjects', 'subjects: unknown key (did you mean "subject"?)'],
    wrong: [{ queue: 'workers' }, 'queue: only applies to core NATS; a JetStream durable consumer is already shared'],
  },
  'file-tail': {
    example: {
      type: 'file-tail',
      paths: ['logs/*.log', '/var/log/app/**/*.log'],
      from: 'end',
      multiline: { start: '^\\d{4}-', timeoutMs: 500 },
      pollMs: 100,
    },
    typo: ['path', 'path: unknown key (did you mean "paths"?)'],
    wrong: [
      { multiline: { start: '(unclosed' } },
      'multiline.start: must be a regular expression (got "(unclosed": Invalid regular expression: /(unclosed/: Unterminated group)',
    ],
  },
  'postgres-cdc': {
    example: {
      type: 'postgres-cdc',
      connectionString: 'postgres://replicator@127.0.0.1/shop',
      tables: ['public.orders', 'customers'],
      snapshot: 'initial',
      publication: 'shop_changes',
      createPublication: true,
      slot: 'shop_orders',
    },
    typo: ['table', 'table: unknown key (did you mean "tables"?)'],
    wrong: [
      { slot: 'Orders-Slot' },
      'slot: must be a replication slot name: lower-case letters, digits and _, at most 63 (got "Orders-Slot")',
    ],
  },
  'mysql-cdc': {
    example: {
      type: 'mysql-cdc',
      connectionString: 'mysql://repl:secret@127.0.0.1:3306/shop',
      tables: ['shop.orders', 'customers'],
      snapshot: 'initial',
      serverId: 4242,
    },
    typo: ['serverID', 'serverID: unknown key (did you mean "serverId"?)'],
    wrong: [{ snapshot: 'always' }, 'snapshot: must be one of initial, never (got "always")'],
  },
};

function lines(schema: z.ZodType, raw: unknown): string[] {
  const result = checkWith(schema, raw);
  return result.ok ? [] : result.issues.map((issue) => `${formatConfigPath(issue.path)}: ${issue.message}`);
}

describe.each([
  ['sink', sinkConfigs, sinkRows],
  ['source', sourceConfigs, sourceRows],
] as const)('%s configs', (_kind, configs, rows) => {
  const table = configs.map((schema) => [schema.shape.type.value, schema] as const);

  it('has a row for every type', () => {
    expect(Object.keys(rows).sort()).toEqual(table.map(([type]) => type).sort());
  });

  it.each(table)('%s accepts its example', (type, schema) => {
    expect(lines(schema, rows[type]!.example)).toEqual([]);
  });

  it.each(table)('%s rejects a misspelt key', (type, schema) => {
    const [key, expected] = rows[type]!.typo;
    expect(lines(schema, { ...rows[type]!.example, [key]: 'x' })).toEqual([expected]);
  });

  it.each(table)('%s rejects a wrong value', (type, schema) => {
    const [fields, expected] = rows[type]!.wrong;
    expect(lines(schema, { ...rows[type]!.example, ...fields })).toEqual([expected]);
  });

  it.each(table)('%s describes every field', (_type, schema) => {
    for (const [key, field] of Object.entries(schema.shape)) {
      if (key !== 'type') expect((field as z.ZodType).description, key).toMatch(/\w/);
    }
  });
});

describe('registry entries', () => {
  it('lists the twelve sink types of DESIGN.md, each with its folder and config', () => {
    expect(sinkTypes).toEqual([
      'kafka',
      'http',
      'postgres',
      'mysql',
      'redis',
      'rabbitmq',
      'mqtt',
      'nats',
      'eventbridge',
      'function',
      'file',
      'stdout',
    ]);
    for (const entry of sinks) {
      expect(entry).toMatchObject({ kind: 'sink', name: `sink-${entry.type}`, dir: `functions/sinks/${entry.type}` });
      expect(existsSync(`${entry.dir}/config.ts`)).toBe(true);
    }
  });

  it('lists the source types, each with its folder and config', () => {
    expect(sourceTypes).toEqual([
      'kafka',
      'http',
      'rabbitmq',
      'mqtt',
      'nats',
      'file-tail',
      'postgres-cdc',
      'mysql-cdc',
    ]);
    for (const entry of sources) {
      expect(entry).toMatchObject({
        kind: 'source',
        name: `source-${entry.type}`,
        dir: `functions/sources/${entry.type}`,
      });
      expect(existsSync(`${entry.dir}/config.ts`)).toBe(true);
    }
  });

  it('answers a value that is no mapping with an issue, never a crash, for every sink and source', () => {
    for (const schema of [...sinkConfigs, ...sourceConfigs]) {
      for (const raw of [null, 'text', 7, []]) {
        const result = checkWith(schema, raw);
        expect(result.ok).toBe(false);
      }
    }
  });

  it('fills the documented defaults', () => {
    const kafka = checkWith(sinkConfigs[0], { type: 'kafka', topic: 't' });
    expect(kafka).toEqual({ ok: true, value: { type: 'kafka', topic: 't', acks: 'all', compression: 'none' } });
    const redis = checkWith(sinkConfigs[4], { type: 'redis', command: 'lpush', key: 'queue' });
    expect(redis).toEqual({
      ok: true,
      value: {
        type: 'redis',
        url: 'redis://127.0.0.1:6379',
        command: 'lpush',
        key: { form: 'CONSTANT', value: 'queue' },
        field: 'payload',
      },
    });
  });
});
