import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openEmbeddedLog } from '../../../bus/log/embedded/embedded.js';
import { partitionForKey } from '../../../bus/log/murmur2.js';
import { keyAt, parseKeyPath } from '../../../infra/commands/produce.js';
import { runCli } from '../../helpers/cli.js';

let cwd = '';
afterEach(() => rmSync(cwd, { recursive: true, force: true }));
const setup = () => {
  cwd = mkdtempSync(join(tmpdir(), 'conflux-produce-'));
};

async function stored(dataDir: string, topic: string) {
  const log = await openEmbeddedLog(dataDir);
  const out = [];
  for (let p = 0; p < (await log.partitions(topic)); p++) out.push(...(await log.read(topic, p, 0, 10_000)));
  await log.close();
  return out;
}

describe('conflux produce', () => {
  it('appends each JSON line, keyed at the JSONPath, into .conflux under the current directory', async () => {
    setup();
    const input = '{"id":"a","n":1}\n{"id":7,"n":2}\n\n{"id":"a","n":3}\r\n';
    const result = await runCli(['produce', '--topic', 'orders', '--key', '$.id'], { stdin: input, cwd });
    expect(result).toEqual({ code: 0, stdout: '', stderr: 'produced 3 records to orders\n' });
    const records = await stored(join(cwd, '.conflux'), 'orders');
    const a = records.filter((r) => r.key?.toString() === 'a');
    expect(a.map((r) => r.value.toString())).toEqual(['{"id":"a","n":1}', '{"id":"a","n":3}']);
    expect(a[0]!.partition).toBe(partitionForKey('a', 4));
    expect(records.find((r) => r.key?.toString() === '7')?.partition).toBe(partitionForKey('7', 4));
  });

  it('reads a file, honours --data-dir and --partitions', async () => {
    setup();
    writeFileSync(join(cwd, 'in.jsonl'), '{"a":{"b":"x"}}\n{"a":{"b":"y"}}\n');
    const args = ['produce', '--topic', 't', '--key', '$.a.b', '--data-dir', 'data', '--partitions', '2', 'in.jsonl'];
    expect((await runCli(args, { cwd })).code).toBe(0);
    const log = await openEmbeddedLog(join(cwd, 'data'));
    expect(await log.partitions('t')).toBe(2);
    await log.close();
    expect((await stored(join(cwd, 'data'), 't')).map((r) => r.key?.toString()).sort()).toEqual(['x', 'y']);
  });

  it('appends nothing when a line is not JSON, and names the line (exit 2)', async () => {
    setup();
    const result = await runCli(['produce', '--topic', 't'], { stdin: '{"ok":1}\n{"ok":2}\n{oops\n{"ok":4}\n', cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^conflux produce: line 3: not valid JSON/);
    expect(await stored(join(cwd, '.conflux'), 't')).toEqual([]);
  });

  it('appends nothing when a line has no key at the path (exit 2)', async () => {
    setup();
    const result = await runCli(['produce', '--topic', 't', '--key', '$.id'], {
      stdin: '{"id":1}\n{"id":null}\n',
      cwd,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^conflux produce: line 2: no key at \$\.id/);
    expect(await stored(join(cwd, '.conflux'), 't')).toEqual([]);
  });

  it('rejects a missing --topic, a bad JSONPath and a bad topic name', async () => {
    setup();
    expect((await runCli(['produce'], { cwd })).code).toBe(2);
    expect((await runCli(['produce', '--topic', 't', '--key', 'id'], { stdin: '{}', cwd })).stderr).toMatch(
      /starts with \$/,
    );
    const bad = await runCli(['produce', '--topic', 'a/b'], { stdin: '{}', cwd });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/topic name "a\/b"/);
  });
});

describe('key paths', () => {
  it('reads dotted, indexed and quoted steps', () => {
    expect(parseKeyPath('$')).toEqual([]);
    expect(parseKeyPath('$.a.b[2]')).toEqual(['a', 'b', 2]);
    expect(parseKeyPath("$['x y'].z")).toEqual(['x y', 'z']);
    expect(() => parseKeyPath('$.a..b')).toThrow(/cannot read/);
  });

  it('turns the value at the path into key text', () => {
    const value = { s: 'text', n: 12, o: { z: [1, { q: true }] }, nul: null };
    expect(keyAt(value, ['s'])).toBe('text');
    expect(keyAt(value, ['n'])).toBe('12');
    expect(keyAt(value, ['o', 'z', 1])).toBe('{"q":true}');
    expect(keyAt(value, ['o', 'z', 5])).toBeUndefined();
    expect(keyAt(value, ['nul'])).toBeUndefined();
    expect(keyAt(value, ['s', 'deeper'])).toBeUndefined();
  });
});
