import { afterEach, describe, expect, it } from 'vitest';
import { classifyError, SinkError } from '../../../../bus/delivery/errors.js';
import { ConfluxError } from '../../../../bus/errors.js';
import type { Json } from '../../../../bus/event.js';
import type { SinkMessage, SinkWriter } from '../../../../bus/task/contract.js';
import { mysqlSinkConfig } from '../../../../functions/sinks/mysql/config.js';
import { connect } from '../../../../functions/sinks/mysql/send.js';
import { admin, killSessions, MYSQL, tableWithUser } from './target.js';

const message = (value: Json): SinkMessage => ({
  event: { specversion: '1.0', id: 'e', source: 's', type: 't', data: { value } },
  payload: JSON.stringify(value),
});

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function table(columnsSql: string): Promise<{ table: string; user: string }> {
  const made = await tableWithUser(columnsSql);
  cleanups.push(made.drop);
  return made;
}

async function sink(fields: Record<string, unknown>): Promise<SinkWriter> {
  const config = mysqlSinkConfig.parse({ type: 'mysql', ...fields });
  const writer = await connect(config, { baseDir: process.cwd() });
  cleanups.push(() => writer.close());
  return writer;
}

const at = (t: { table: string; user: string }) => ({
  host: MYSQL.host,
  port: MYSQL.port,
  user: t.user,
  database: MYSQL.database,
  table: t.table,
});

describe('mysql sink', () => {
  it('lets the server cast the text of each column; reserved words as column names; values with quotes and backslashes intact', async () => {
    const t = await table('`order` INT, `select` JSON, `at` DATETIME, `s` TEXT');
    const writer = await sink({
      ...at(t),
      columns: { order: '$.data.value.n', select: '$.data.value.doc', at: '$.data.value.at', s: '$.data.value.s' },
    });
    const s = `it's a \\'trap\\' "x" ü ✓ \\`;
    await writer.write([message({ n: 7, doc: { a: [1, 'ü'] }, at: '2026-11-30 07:00:00', s })]);
    const rows = await admin(
      `SELECT \`order\`, \`select\`, DATE_FORMAT(\`at\`, '%Y-%m-%dT%H:%i') AS at, s FROM ${t.table}`,
    );
    expect(rows).toEqual([{ order: 7, select: { a: [1, 'ü'] }, at: '2026-11-30T07:00', s }]);
  });

  it('a JSONPATH column selecting JSON null writes SQL NULL; the string "null" stays text', async () => {
    const t = await table('n INT, note TEXT, label TEXT');
    const writer = await sink({
      ...at(t),
      columns: { n: '$.data.value.n', note: '$.data.value.note', label: { form: 'CONSTANT', value: 'null' } },
    });
    await writer.write([message({ n: null, note: 'null' }), message({ n: 3, note: null })]);
    const rows = await admin(`SELECT n, note, label FROM ${t.table} ORDER BY n`);
    expect(rows).toEqual([
      { n: null, note: 'null', label: 'null' },
      { n: 3, note: null, label: 'null' },
    ]);
  });

  it('writes through a mysql:// connectionString into a schema-qualified table', async () => {
    const t = await table('v TEXT');
    const writer = await sink({
      connectionString: `mysql://${t.user}@127.0.0.1:3306/test`,
      table: `test.${t.table}`,
      columns: { v: 'x' },
    });
    await writer.write([message({})]);
    expect(await admin(`SELECT v FROM ${t.table}`)).toEqual([{ v: 'x' }]);
  });

  it('upserts: the same key twice, in one write and across writes, leaves one row with the later value', async () => {
    const t = await table('id INT PRIMARY KEY, v TEXT');
    const writer = await sink({ ...at(t), columns: { id: '$.data.value.id', v: '$.data.value.v' }, mode: 'upsert' });
    await writer.write([message({ id: 1, v: 'a' }), message({ id: 2, v: 'b' }), message({ id: 1, v: 'c' })]);
    await writer.write([message({ id: 2, v: 'd' })]);
    expect(await admin(`SELECT id, v FROM ${t.table} ORDER BY id`)).toEqual([
      { id: 1, v: 'c' },
      { id: 2, v: 'd' },
    ]);
  });

  it('rejects a NOT NULL column left without a value with a permanent error, and writes nothing of that batch', async () => {
    const t = await table('id INT NOT NULL, v TEXT NOT NULL');
    const writer = await sink({ ...at(t), columns: { id: '$.data.value.id' } });
    const error = await writer.write([message({ id: 1 })]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SinkError);
    expect(classifyError(error)).toEqual({ verdict: 'dead-letter', reason: 'sink.mysql.write' });
    expect((error as Error).message).toContain("Field 'v' doesn't have a default value (MySQL 1364");
    expect(await admin(`SELECT id FROM ${t.table}`)).toEqual([]);
  });

  it('rejects a CHECK constraint violation permanently', async () => {
    const t = await table('id INT CHECK (id > 0)');
    const writer = await sink({ ...at(t), columns: { id: '$.data.value.id' } });
    const error = await writer.write([message({ id: 1 }), message({ id: -1 })]).catch((e: unknown) => e);
    expect(classifyError(error).verdict).toBe('dead-letter');
    expect((error as Error).message).toContain('(constraint violation)');
    expect(await admin(`SELECT id FROM ${t.table}`)).toEqual([]);
  });

  it('rejects a duplicate key on insert permanently, keeping the batch out, and the connection good', async () => {
    const t = await table('id INT PRIMARY KEY');
    const writer = await sink({ ...at(t), columns: { id: '$.data.value.id' } });
    const error = await writer.write([message({ id: 1 }), message({ id: 1 })]).catch((e: unknown) => e);
    expect(classifyError(error).verdict).toBe('dead-letter');
    expect((error as Error).message).toContain('MySQL 1062 (constraint violation)');
    await writer.write([message({ id: 2 })]);
    expect(await admin(`SELECT id FROM ${t.table}`)).toEqual([{ id: 2 }]);
  });

  it('calls a refused connection retriable', async () => {
    const writer = await sink({
      host: '127.0.0.1',
      port: 1,
      user: 'root',
      database: 'test',
      table: 't',
      columns: { id: 'x' },
    });
    const error = await writer.write([message({})]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SinkError);
    expect((error as SinkError).retriable).toBe(true);
    expect((error as Error).message).toContain('ECONNREFUSED');
  });

  it('gets a fresh connection for the next write after its sessions were killed', async () => {
    const t = await table('id INT');
    const writer = await sink({ ...at(t), columns: { id: '$.data.value.id' } });
    await writer.write([message({ id: 1 })]);
    expect(await killSessions(t.user)).toBeGreaterThan(0);
    let attempts = 0;
    for (;;) {
      attempts++;
      const error = await writer.write([message({ id: 2 })]).then(
        () => undefined,
        (e: unknown) => e,
      );
      if (error === undefined) break;
      expect(classifyError(error).verdict).toBe('retry'); // a killed session is worth retrying
      expect(attempts).toBeLessThan(3);
    }
    expect(await admin(`SELECT id FROM ${t.table} ORDER BY id`)).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('refuses a column spec whose JSONPATH selects nothing, before touching the table', async () => {
    const t = await table('v TEXT');
    const writer = await sink({ ...at(t), columns: { v: '$.data.value.missing' } });
    const error = await writer.write([message({})]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfluxError);
    expect(classifyError(error).verdict).toBe('dead-letter');
    expect(await admin(`SELECT v FROM ${t.table}`)).toEqual([]);
  });
});
