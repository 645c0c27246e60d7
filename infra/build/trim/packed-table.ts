import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';

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
export function packedConstants(file: string): { contents: string } {
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
