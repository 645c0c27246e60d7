import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Json } from '../../../../bus/event.js';
import type { SinkMessage } from '../../../../bus/task/contract.js';
import { quoteTable } from '../../../../functions/shared/sql/encode.js';
import { encode, mysqlDialect, mysqlStatements } from '../../../../functions/sinks/mysql/encode.js';
import { compileTransform } from '../../../../functions/transformers/compile.js';

const message = (value: Json): SinkMessage => ({
  event: { specversion: '1.0', id: 'e', source: 's', type: 't', data: { value } },
  payload: JSON.stringify(value),
});

describe('mysql encode: quoting', () => {
  it.each([
    ['orders', '`orders`'],
    ['a`b', '`a``b`'],
    ['x`; DROP TABLE t; --', '`x``; DROP TABLE t; --`'],
  ])('quotes %j as %s', (name, quoted) => {
    expect(mysqlDialect.quote(name)).toBe(quoted);
  });

  it('quotes each part of a database-qualified table', () => {
    expect(quoteTable(mysqlDialect, 'shop.orders')).toBe('`shop`.`orders`');
  });

  it('no name ends its quoting: inside the backticks, every backtick is doubled', () => {
    fc.assert(
      fc.property(fc.string(), (name) => {
        const inner = mysqlDialect.quote(name).slice(1, -1);
        expect(inner.replaceAll('``', '')).not.toContain('`');
        expect(inner.replaceAll('``', '`')).toBe(name);
      }),
    );
  });
});

describe('mysql encode: statements', () => {
  it('writes a batch as one multi-row INSERT with ? parameters', () => {
    expect(
      mysqlStatements({ table: 'orders', columns: ['id', 'body'], mode: 'insert' }, [
        ['1', 'a'],
        ['2', 'b'],
      ]),
    ).toEqual([{ text: 'INSERT INTO `orders` (`id`, `body`) VALUES (?, ?), (?, ?)', values: ['1', 'a', '2', 'b'] }]);
  });

  it('upserts with ON DUPLICATE KEY UPDATE every column from VALUES(), repeated keys left in order', () => {
    expect(
      mysqlStatements({ table: 'shop.t', columns: ['id', 'v'], mode: 'upsert' }, [
        ['1', 'a'],
        ['1', 'b'],
      ]),
    ).toEqual([
      {
        text: 'INSERT INTO `shop`.`t` (`id`, `v`) VALUES (?, ?), (?, ?) ON DUPLICATE KEY UPDATE `id` = VALUES(`id`), `v` = VALUES(`v`)',
        values: ['1', 'a', '1', 'b'],
      },
    ]);
  });

  it('splits a batch by the parameter limit, the upsert clause on every statement', () => {
    const statements = mysqlStatements({ table: 't', columns: ['id'], mode: 'upsert' }, [['1'], ['2'], ['3']], 2);
    expect(statements.map((s) => s.values)).toEqual([['1', '2'], ['3']]);
    for (const s of statements) expect(s.text).toMatch(/ON DUPLICATE KEY UPDATE `id` = VALUES\(`id`\)$/);
  });

  it('writes no statement for no rows', () => {
    expect(mysqlStatements({ table: 't', columns: ['a'], mode: 'upsert' }, [])).toEqual([]);
  });
});

describe('mysql encode: rendering', () => {
  it('renders each column from the event, the error for a column giving two values naming it', async () => {
    const id = compileTransform({ form: 'JSONPATH', value: '$.data.value.id' });
    const columns = { id: (m: SinkMessage) => id.outputs(m.event), doc: () => ['{"a":1}'] };
    expect(await encode([message({ id: 'x\\y' })], { table: 't', mode: 'insert' }, columns)).toEqual([
      { text: 'INSERT INTO `t` (`id`, `doc`) VALUES (?, ?)', values: ['x\\y', '{"a":1}'] },
    ]);
    await expect(
      encode([message({ id: 1 })], { table: 't', mode: 'insert' }, { ...columns, doc: () => ['a', 'b'] }),
    ).rejects.toThrow('sink.columns.doc must render to exactly one value (got 2)');
  });
});
