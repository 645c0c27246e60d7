import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyError, errorCodeOf, SinkError } from '../../../../bus/delivery/errors.js';
import { ConfluxError } from '../../../../bus/errors.js';
import type { Json } from '../../../../bus/event.js';
import type { SinkMessage, SinkWriter } from '../../../../bus/task/contract.js';
import { postgresSinkConfig } from '../../../../functions/sinks/postgres/config.js';
import { connect } from '../../../../functions/sinks/postgres/send.js';
import { admin, killSessions, sinkUrl, uniqueTable } from './target.js';

const message = (value: Json): SinkMessage => ({
  event: { specversion: '1.0', id: 'e', source: 's', type: 't', data: { value } },
  payload: JSON.stringify(value),
});

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function table(columnsSql: string): Promise<string> {
  const name = uniqueTable();
  await admin(`CREATE TABLE ${name} (${columnsSql})`);
  cleanups.push(() => admin(`DROP TABLE IF EXISTS ${name}`));
  return name;
}

async function sink(fields: Record<string, unknown>, baseDir = process.cwd()): Promise<SinkWriter> {
  const config = postgresSinkConfig.parse({ type: 'postgres', ...fields });
  const writer = await connect(config, { baseDir });
  cleanups.push(() => writer.close());
  return writer;
}

describe('postgres sink', () => {
  it('lets the database cast the text of each column: integer, jsonb, timestamptz; reserved words as column names', async () => {
    const name = await table('"order" integer, "select" jsonb, at timestamptz');
    const writer = await sink({
      connectionString: sinkUrl(name),
      table: name,
      columns: { order: '$.data.value.n', select: '$.data.value.doc', at: '$.data.value.at' },
    });
    await writer.write([message({ n: 7, doc: { a: [1, 'ü'] }, at: '2026-11-30T07:00:00Z' })]);
    const rows = await admin(`SELECT "order", "select", extract(epoch FROM at)::int AS at FROM ${name}`);
    expect(rows).toEqual([{ order: 7, select: { a: [1, 'ü'] }, at: 1_796_022_000 }]);
  });

  it('a JSONPATH column selecting JSON null writes SQL NULL; the string "null" stays text', async () => {
    const name = await table('n integer, note text, label text');
    const writer = await sink({
      connectionString: sinkUrl(name),
      table: name,
      columns: { n: '$.data.value.n', note: '$.data.value.note', label: { form: 'CONSTANT', value: 'null' } },
    });
    await writer.write([message({ n: null, note: 'null' }), message({ n: 3, note: null })]);
    const rows = await admin(`SELECT n, note, label FROM ${name} ORDER BY n NULLS FIRST`);
    expect(rows).toEqual([
      { n: null, note: 'null', label: 'null' },
      { n: 3, note: null, label: 'null' },
    ]);
  });

  it('writes into a schema-qualified table', async () => {
    const name = await table('v text');
    const writer = await sink({ connectionString: sinkUrl(name), table: `public.${name}`, columns: { v: 'x' } });
    await writer.write([message({})]);
    expect(await admin(`SELECT v FROM ${name}`)).toEqual([{ v: 'x' }]);
  });

  it('upserts: the same key twice, in one write and across writes, leaves one row with the later value', async () => {
    const name = await table('id integer PRIMARY KEY, v text');
    const writer = await sink({
      connectionString: sinkUrl(name),
      table: name,
      columns: { id: '$.data.value.id', v: '$.data.value.v' },
      mode: 'upsert',
      conflictKey: ['id'],
    });
    await writer.write([message({ id: 1, v: 'a' }), message({ id: 2, v: 'b' }), message({ id: 1, v: 'c' })]);
    await writer.write([message({ id: 2, v: 'd' })]);
    expect(await admin(`SELECT id, v FROM ${name} ORDER BY id`)).toEqual([
      { id: 1, v: 'c' },
      { id: 2, v: 'd' },
    ]);
  });

  it('rejects a constraint violation with a permanent error, and writes nothing of that batch', async () => {
    const name = await table('id integer NOT NULL CHECK (id > 0)');
    const writer = await sink({ connectionString: sinkUrl(name), table: name, columns: { id: '$.data.value.id' } });
    const error = await writer.write([message({ id: 1 }), message({ id: -1 })]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SinkError);
    expect(classifyError(error)).toEqual({ verdict: 'dead-letter', reason: 'sink.postgres.write' });
    expect((error as SinkError).message).toContain('PostgreSQL 23514 (constraint violation)');
    expect(errorCodeOf(error)).toBe('sink.postgres.write');
    expect(await admin(`SELECT id FROM ${name}`)).toEqual([]);
    await writer.write([message({ id: 2 })]); // the connection is still good
    expect(await admin(`SELECT id FROM ${name}`)).toEqual([{ id: 2 }]);
  });

  it('calls a NOT NULL violation and a missing table permanent too', async () => {
    const name = await table('id integer NOT NULL, v text NOT NULL');
    const writer = await sink({ connectionString: sinkUrl(name), table: name, columns: { id: '$.data.value.id' } });
    const notNull = await writer.write([message({ id: 1 })]).catch((e: unknown) => e);
    expect(classifyError(notNull).verdict).toBe('dead-letter');
    expect((notNull as Error).message).toContain('23502');
    const missing = await sink({ connectionString: sinkUrl(name), table: `${name}_nope`, columns: { id: 'x' } });
    expect(classifyError(await missing.write([message({})]).catch((e: unknown) => e)).verdict).toBe('dead-letter');
  });

  it('calls a refused connection retriable', async () => {
    const writer = await sink({
      connectionString: 'postgres://postgres@127.0.0.1:1/test',
      table: 't',
      columns: { id: 'x' },
    });
    const error = await writer.write([message({})]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SinkError);
    expect((error as SinkError).retriable).toBe(true);
    expect(classifyError(error).verdict).toBe('retry');
    expect((error as Error).message).toContain('ECONNREFUSED');
  });

  it('gets a fresh connection for the next write after its sessions were killed', async () => {
    const name = await table('id integer');
    const writer = await sink({ connectionString: sinkUrl(name), table: name, columns: { id: '$.data.value.id' } });
    await writer.write([message({ id: 1 })]);
    expect(await killSessions(name)).toBeGreaterThan(0);
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
    expect(await admin(`SELECT id FROM ${name} ORDER BY id`)).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('refuses a column spec that renders two values, naming the column, before touching the table', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pg-sink-'));
    await writeFile(join(dir, 'two.mjs'), 'export const two = async () => ["a", "b"];\n');
    const name = await table('v text');
    const writer = await sink(
      { connectionString: sinkUrl(name), table: name, columns: { v: { form: 'FUNCTION', handler: 'two.mjs#two' } } },
      dir,
    );
    const error = await writer.write([message({})]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfluxError);
    expect((error as ConfluxError).path).toBe('sink.columns.v');
    expect((error as Error).message).toBe('sink.columns.v must render to exactly one value (got 2)');
    expect(classifyError(error).verdict).toBe('dead-letter');
    expect(await admin(`SELECT v FROM ${name}`)).toEqual([]);
  });

  it('writes nothing for an empty batch and refuses writes after close', async () => {
    const writer = await sink({
      connectionString: 'postgres://postgres@127.0.0.1:1/test',
      table: 't',
      columns: { id: 'x' },
    });
    await writer.write([]);
    await writer.close();
    await expect(writer.write([message({})])).rejects.toThrow('the postgres sink is closed');
  });
});
