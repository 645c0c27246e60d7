import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpIngress } from '../../../bus/emulator/http/ingress.js';
import { validateConfig } from '../../../infra/config/index.js';
import { REDACTED, redactTask, restoreSecrets, taskSecrets } from '../../../infra/config/secrets.js';
import { taskFactory } from '../../../infra/wire/factory.js';
import { type Streams, startStreams } from '../../../infra/wire/streams.js';
import { waitFor } from '../../helpers/process.js';

let streams: Streams;
let logged: string[];
// biome-ignore lint/suspicious/noExplicitAny: response bodies are JSON read only by assertions
let api: (path: string, init?: { method?: string; body?: unknown }) => Promise<{ status: number; body: any }>;

beforeEach(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'conflux-secrets-'));
  const valid = validateConfig({ version: 1, tasks: [] });
  if (!valid.ok) throw new Error('bad test config');
  logged = [];
  const listener = {
    stopped: (_task: string, _state: string, reason: string | undefined) => void logged.push(reason ?? ''),
  };
  streams = await startStreams(valid.config, { baseDir: dir, dataDir: join(dir, '.conflux'), port: 0, listener });
  api = async (path, init = {}) => {
    const response = await fetch(`http://127.0.0.1:${streams.port}${path}`, {
      method: init.method ?? 'GET',
      ...(init.body === undefined
        ? {}
        : { body: JSON.stringify(init.body), headers: { 'content-type': 'application/json' } }),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
  };
});
afterEach(async () => {
  await streams.close();
});

const hook = {
  name: 'hook',
  source: { type: 'http', token: 'hook-s3cret-token' },
  sink: { type: 'stdout' },
};

describe('secrets in the task API', () => {
  it('answers a task with its HTTP-source token redacted, and an update sending the placeholder back keeps the token', async () => {
    expect((await api('/api/tasks', { method: 'POST', body: hook })).status).toBe(201);
    const shown = await api('/api/tasks/hook');
    expect(shown.body.definition.source.token).toBe(REDACTED);
    expect(JSON.stringify(shown.body)).not.toContain('hook-s3cret-token');

    const updated = { ...shown.body.definition, sink: { type: 'stdout' } };
    expect((await api('/api/tasks/hook', { method: 'PUT', body: updated })).status).toBe(200);
    expect(streams.emulator.definition('hook').source).toMatchObject({ token: 'hook-s3cret-token' });
    const url = `http://127.0.0.1:${streams.port}/sources/hook`;
    expect(
      (await fetch(url, { method: 'POST', body: '{}', headers: { authorization: `Bearer ${REDACTED}` } })).status,
    ).toBe(401);

    const changed = { ...updated, source: { type: 'http', token: 'a-new-s3cret-token' } };
    await api('/api/tasks/hook', { method: 'PUT', body: changed });
    expect(streams.emulator.definition('hook').source).toMatchObject({ token: 'a-new-s3cret-token' });
  });

  it('redacts SQL passwords and connection strings from definitions, the task list and the log', async () => {
    const pg = {
      name: 'pg',
      source: { type: 'http' },
      sink: {
        type: 'postgres',
        connectionString: 'postgres://app:pg-pass-s3cret@127.0.0.1:1/nodb',
        table: 't',
        columns: { a: '$.id' },
      },
    };
    await api('/api/tasks', { method: 'POST', body: pg });
    const shown = await api('/api/tasks/pg');
    expect(shown.body.definition.sink.connectionString).toBe(REDACTED);
    const sql = {
      ...pg,
      name: 'pg2',
      sink: {
        type: 'mysql',
        host: '127.0.0.1',
        port: 1,
        user: 'u',
        password: 'my-pass-s3cret',
        database: 'd',
        table: 't',
        columns: { a: '$.id' },
      },
    };
    await api('/api/tasks', { method: 'POST', body: sql });
    expect((await api('/api/tasks/pg2')).body.definition.sink).toMatchObject({ password: REDACTED, user: 'u' });
    await waitFor(async () => (await api('/api/tasks')).body.tasks.length === 2, 'both tasks listed');
    expect(JSON.stringify((await api('/api/tasks')).body)).not.toMatch(/s3cret/);
    expect(logged.join('\n')).not.toMatch(/s3cret/);
  });
});

describe('redactTask / restoreSecrets / scrub', () => {
  it("scrubs a task's secret values out of a reason before it is shown or logged", () => {
    const valid = validateConfig({ version: 1, tasks: [] });
    if (!valid.ok) throw new Error('bad test config');
    const factory = taskFactory(valid.config, {
      log: streams.log,
      ingress: new HttpIngress(),
      dialect: 'aws',
      baseDir: tmpdir(),
    });
    const task = factory.validate({
      name: 'p',
      source: { type: 'http' },
      sink: { type: 'postgres', connectionString: 'postgres://u:pw-s3cret@h/db', table: 't', columns: { a: '$.a' } },
    });
    if (!task.ok) throw new Error('bad task');
    expect(factory.scrub!(task.task, 'cannot reach postgres://u:pw-s3cret@h/db: refused')).toBe(
      `cannot reach ${REDACTED}: refused`,
    );
  });

  const stored = {
    name: 't',
    source: { type: 'http', token: 'tok' },
    sink: { type: 'postgres', connectionString: 'postgres://u:p@h/db', table: 't' },
    errors: { tolerance: 'ALL', deadLetter: { type: 'mysql', password: 'dl-pass', host: 'h' } },
  };

  it('redacts the fields connectors mark secret, wherever a connector sits, without touching the stored task', () => {
    const shown = redactTask(stored);
    expect(shown.source.token).toBe(REDACTED);
    expect(shown.sink).toEqual({ type: 'postgres', connectionString: REDACTED, table: 't' });
    expect(shown.errors.deadLetter).toEqual({ type: 'mysql', password: REDACTED, host: 'h' });
    expect(stored.source.token).toBe('tok');
  });

  it('redacts the password inside a broker URL, keeps the rest in view, and puts it back on update', () => {
    const rabbit = {
      name: 'r',
      source: { type: 'rabbitmq', url: 'amqp://app:p%40ss-s3cret@mq:5672', queue: 'q' },
      sink: { type: 'stdout' },
    };
    const shown = redactTask(rabbit);
    expect(shown.source.url).toBe(`amqp://app:${REDACTED}@mq:5672`);
    expect(restoreSecrets(rabbit, shown)).toEqual(rabbit);
    const noPassword = { ...rabbit, source: { ...rabbit.source, url: 'amqp://app@mq:5672' } };
    expect((restoreSecrets(noPassword, shown) as typeof rabbit).source.url).toBe('amqp://app@mq:5672');
    expect(taskSecrets(rabbit)).toEqual(['p%40ss-s3cret', 'p@ss-s3cret']);
  });

  it.each([
    ['postgres-cdc', 'postgres://repl:cdc-s3cret@h/db'],
    ['mysql-cdc', 'mysql://repl:cdc-s3cret@h:3306/db'],
  ])("redacts a %s source's connection string, which carries the replication user's password", (type, url) => {
    const cdc = { name: 'c', source: { type, connectionString: url, tables: ['t'] }, sink: { type: 'stdout' } };
    expect(JSON.stringify(redactTask(cdc))).not.toContain('cdc-s3cret');
    expect(restoreSecrets(cdc, redactTask(cdc))).toEqual(cdc);
  });

  it('puts stored values back for placeholders, and drops a placeholder with nothing to restore', () => {
    expect(restoreSecrets(stored, redactTask(stored))).toEqual(stored);
    const typeChanged = { ...stored, sink: { type: 'mysql', password: REDACTED, host: 'h' } };
    expect((restoreSecrets(stored, typeChanged) as typeof stored).sink).toEqual({ type: 'mysql', host: 'h' });
  });
});

describe('errors through the task API', () => {
  it('names a missing FUNCTION handler by its field and as written: 400, no absolute path', async () => {
    const body = {
      name: 'fn',
      source: { type: 'http' },
      transform: { form: 'FUNCTION', handler: 'fns/missing.mjs#handler' },
      sink: { type: 'stdout' },
    };
    const answer = await api('/api/tasks', { method: 'POST', body });
    expect(answer.status).toBe(400);
    expect(answer.body.issues).toEqual([
      { path: 'transform.handler', message: 'handler file not found: fns/missing.mjs' },
    ]);
  });
});
