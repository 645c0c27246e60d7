import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfluxError } from '../../../../bus/errors.js';
import type { Json } from '../../../../bus/event.js';
import type { SinkMessage } from '../../../../bus/task/contract.js';
import { insertStatements, quoteTable, renderRows } from '../../../../functions/shared/sql/encode.js';
import { encode, postgresDialect, postgresStatements } from '../../../../functions/sinks/postgres/encode.js';
import { compileTransform } from '../../../../functions/transformers/compile.js';

const message = (value: Json): SinkMessage => ({
  event: { specversion: '1.0', id: 'e', source: 's', type: 't', data: { value } },
  payload: JSON.stringify(value),
});
const jsonpath = (path: string) => {
  const transform = compileTransform({ form: 'JSONPATH', value: path });
  return (m: SinkMessage) => transform.outputs(m.event);
};

describe('postgres encode: quoting', () => {
  it.each([
    ['orders', '"orders"'],
    ['Orders', '"Orders"'],
    ['a"b', '"a""b"'],
    ['x"; DROP TABLE t; --', '"x""; DROP TABLE t; --"'],
    ['', '""'],
  ])('quotes %j as %s', (name, quoted) => {
    expect(postgresDialect.quote(name)).toBe(quoted);
  });

  it('quotes each part of a schema-qualified table', () => {
    expect(quoteTable(postgresDialect, 'sales.orders')).toBe('"sales"."orders"');
  });

  it('no name ends its quoting: inside the quotes, every quote is doubled', () => {
    fc.assert(
      fc.property(fc.string(), (name) => {
        const inner = postgresDialect.quote(name).slice(1, -1);
        expect(inner.replaceAll('""', '')).not.toContain('"');
        expect(inner.replaceAll('""', '"')).toBe(name);
      }),
    );
  });
});

describe('postgres encode: statements', () => {
  it('writes a batch as one multi-row INSERT with numbered parameters', () => {
    expect(
      postgresStatements({ table: 'orders', columns: ['id', 'body'], mode: 'insert' }, [
        ['1', 'a'],
        ['2', 'b'],
      ]),
    ).toEqual([
      { text: 'INSERT INTO "orders" ("id", "body") VALUES ($1, $2), ($3, $4)', values: ['1', 'a', '2', 'b'] },
    ]);
  });

  it('writes no statement for no rows', () => {
    expect(postgresStatements({ table: 't', columns: ['a'], mode: 'insert' }, [])).toEqual([]);
  });

  it('upserts with ON CONFLICT (key) DO UPDATE SET every other column from EXCLUDED', () => {
    const [statement] = postgresStatements(
      { table: 's.t', columns: ['id', 'region', 'v', 'w'], mode: 'upsert', conflictKey: ['id', 'region'] },
      [['1', 'eu', 'a', 'b']],
    );
    expect(statement!.text).toBe(
      'INSERT INTO "s"."t" ("id", "region", "v", "w") VALUES ($1, $2, $3, $4) ' +
        'ON CONFLICT ("id", "region") DO UPDATE SET "v" = EXCLUDED."v", "w" = EXCLUDED."w"',
    );
  });

  it('upserts with DO NOTHING when every column is a key column', () => {
    const [statement] = postgresStatements({ table: 't', columns: ['id'], mode: 'upsert', conflictKey: ['id'] }, [
      ['1'],
    ]);
    expect(statement!.text).toBe('INSERT INTO "t" ("id") VALUES ($1) ON CONFLICT ("id") DO NOTHING');
  });

  it('upserting one key twice in a batch keeps only the later row, at its place', () => {
    const rows = [
      ['1', 'a'],
      ['2', 'b'],
      ['1', 'c'],
      ['3', 'd'],
    ];
    const [statement] = postgresStatements(
      { table: 't', columns: ['id', 'v'], mode: 'upsert', conflictKey: ['id'] },
      rows,
    );
    expect(statement!.values).toEqual(['2', 'b', '1', 'c', '3', 'd']);
    expect(statement!.text).toContain('VALUES ($1, $2), ($3, $4), ($5, $6) ON CONFLICT');
  });

  it('an insert keeps repeated rows (the table decides)', () => {
    const [statement] = postgresStatements({ table: 't', columns: ['id'], mode: 'insert' }, [['1'], ['1']]);
    expect(statement!.values).toEqual(['1', '1']);
  });

  it('splits a batch so that no statement carries more parameters than allowed, numbering each from $1', () => {
    const rows = [
      ['1', 'a'],
      ['2', 'b'],
      ['3', 'c'],
    ];
    expect(postgresStatements({ table: 't', columns: ['id', 'v'], mode: 'insert' }, rows, 5)).toEqual([
      { text: 'INSERT INTO "t" ("id", "v") VALUES ($1, $2), ($3, $4)', values: ['1', 'a', '2', 'b'] },
      { text: 'INSERT INTO "t" ("id", "v") VALUES ($1, $2)', values: ['3', 'c'] },
    ]);
  });

  it('chunks keep every value in order and within the limit (property)', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 5 })
          .chain((width) =>
            fc.tuple(
              fc.constant(width),
              fc.array(fc.array(fc.string(), { minLength: width, maxLength: width }), { maxLength: 40 }),
              fc.integer({ min: 1, max: 30 }),
            ),
          ),
        ([width, rows, max]) => {
          const columns = Array.from({ length: width }, (_, i) => `c${i}`);
          const statements = insertStatements(postgresDialect, 't', columns, rows, { maxParameters: max });
          expect(statements.flatMap((s) => s.values)).toEqual(rows.flat());
          for (const s of statements) {
            expect(s.values.length).toBeLessThanOrEqual(Math.max(max - (max % width), width));
            expect(s.text.match(/\$\d+/g)).toHaveLength(s.values.length);
          }
        },
      ),
    );
  });

  it('the default limit is 65,535 parameters', () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => [String(i), 'x']);
    const statements = postgresStatements({ table: 't', columns: ['id', 'v'], mode: 'insert' }, rows);
    expect(statements.map((s) => s.values.length)).toEqual([65_534, 80_000 - 65_534]);
  });

  it('refuses a row of the wrong width', () => {
    expect(() => postgresStatements({ table: 't', columns: ['a', 'b'], mode: 'insert' }, [['1']])).toThrow(
      'a row has 1 values for 2 columns',
    );
  });
});

describe('postgres encode: rendering', () => {
  it('renders each column from the event: strings raw, anything else compact JSON text', async () => {
    const statements = await encode(
      [message({ id: 7, name: 'ü "q"', doc: { a: [1, null] }, flag: true, none: null })],
      { table: 't', mode: 'insert' },
      {
        id: jsonpath('$.data.value.id'),
        name: jsonpath('$.data.value.name'),
        doc: jsonpath('$.data.value.doc'),
        flag: jsonpath('$.data.value.flag'),
        none: jsonpath('$.data.value.none'),
      },
    );
    expect(statements).toEqual([
      {
        text: 'INSERT INTO "t" ("id", "name", "doc", "flag", "none") VALUES ($1, $2, $3, $4, $5)',
        values: ['7', 'ü "q"', '{"a":[1,null]}', 'true', 'null'],
      },
    ]);
  });

  it('renders the payload column with $.data.value exactly as the payload text', async () => {
    const m = message({ seq: 1, note: 'order — "quoted", ✓' });
    expect(await renderRows([m], { body: jsonpath('$.data.value') })).toEqual([[m.payload]]);
  });

  it('awaits renderers that answer with a promise', async () => {
    const v = async (m: SinkMessage) => [String((m.event.data as { value: number }).value * 10)];
    expect(await renderRows([message(1), message(2)], { v })).toEqual([['10'], ['20']]);
  });

  it.each([
    [[], 0],
    [['a', 'b'], 2],
  ])('a column whose spec gives %j is an error naming sink.columns.<name>', async (outputs, count) => {
    const error = await renderRows([message({})], { id: () => ['1'], body: () => outputs }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfluxError);
    expect(error).toMatchObject({
      code: 'sink.sql.column',
      path: 'sink.columns.body',
      retriable: false,
      message: `sink.columns.body must render to exactly one value (got ${count})`,
    });
  });

  it('a JSONPATH selecting nothing fails the write with the transform error', async () => {
    await expect(
      encode([message({})], { table: 't', mode: 'insert' }, { id: jsonpath('$.data.value.id') }),
    ).rejects.toThrow();
  });
});
