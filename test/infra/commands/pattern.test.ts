import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';

const line = (o: object) => JSON.stringify(o);

describe('conflux pattern test --cases', () => {
  const cases = [
    line({ id: 'm', pattern: '{"a":[1]}', event: '{"a":1}' }),
    line({ id: 'n', pattern: '{"a":[1]}', event: '{"a":"1"}' }),
    line({ id: 'i', pattern: '{"a":[{"prefix":1}]}', event: '{"a":1}' }),
    line({ id: 'j', pattern: 'not json', event: null }),
    line({ id: 'ali', pattern: '{"a":[1,2,3,4,5,6]}', event: '{"a":1}', dialect: 'alibaba' }),
    line({ id: 'aws', pattern: '{"a":[1,2,3,4,5,6]}', event: '{"a":1}', dialect: 'aws' }),
    line({ id: 'ev', pattern: '{"a":[1]}', event: '["a"]' }),
  ].join('\n');

  it('prints one line per case, in order, and exits 0', async () => {
    const result = await runCli(['pattern', 'test', '--cases', '-'], { stdin: `${cases}\n` });
    expect(result.code).toBe(0);
    const out = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; result: string; error?: string });
    expect(out.map((o) => [o.id, o.result])).toEqual([
      ['m', 'match'],
      ['n', 'no-match'],
      ['i', 'invalid'],
      ['j', 'invalid'],
      ['ali', 'invalid'],
      ['aws', 'match'],
      ['ev', 'invalid'],
    ]);
    expect(out[0]).toEqual({ id: 'm', result: 'match' });
    expect(out[2]!.error).toBe(
      'Event pattern is not valid. Reason: prefix match pattern must be a string at $.a[0].prefix',
    );
  });

  it('reads a file relative to the working directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conflux-pattern-'));
    writeFileSync(join(dir, 'cases.jsonl'), cases);
    const result = await runCli(['pattern', 'test', '--cases', 'cases.jsonl'], { cwd: dir });
    expect(result.stdout.trim().split('\n')).toHaveLength(7);
  });

  it('checks the EventBridge envelope only with --envelope aws', async () => {
    const input = line({ id: 'x', pattern: '{"a":[1]}', event: '{"a":1}' });
    const plain = await runCli(['pattern', 'test', '--cases', '-'], { stdin: input });
    const strict = await runCli(['pattern', 'test', '--cases', '-', '--envelope', 'aws'], { stdin: input });
    expect(JSON.parse(plain.stdout).result).toBe('match');
    expect(JSON.parse(strict.stdout).result).toBe('invalid');
  });

  it('answers thousands of lines, one each, in order (speed: npm run bench -- match)', async () => {
    const many = Array.from({ length: 5000 }, (_, i) =>
      line({ id: i, pattern: `{"a":[{"numeric":[">",${i}]}]}`, event: '{"a":2500}' }),
    );
    const result = await runCli(['pattern', 'test', '--cases', '-'], { stdin: many.join('\n') });
    const out = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: number; result: string });
    expect(out.map((o) => o.id)).toEqual(many.map((_, i) => i));
    expect(out.map((o) => o.result)).toEqual(many.map((_, i) => (i < 2500 ? 'match' : 'no-match')));
  });

  it('rejects unknown flags with exit 2', async () => {
    const result = await runCli(['pattern', 'test', '--case', 'x']);
    expect(result.code).toBe(2);
  });
});

describe('conflux pattern explain', () => {
  it('says which field failed and why', async () => {
    const result = await runCli([
      'pattern',
      'explain',
      '--pattern',
      '{"a":{"b":[{"prefix":"x"}]}}',
      '--event',
      '{"a":{"b":"y"}}',
    ]);
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as {
      result: string;
      branches: { failures: { field: string; reason: string }[] }[];
    };
    expect(out.result).toBe('no-match');
    expect(out.branches[0]!.failures[0]).toMatchObject({
      field: 'a.b',
      reason: 'value "y" matches none of: {"prefix":"x"}',
    });
  });

  it('reads @file arguments and reports invalid patterns with exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conflux-explain-'));
    writeFileSync(join(dir, 'p.json'), '{"a":[{"numeric":[">",5,"<",1]}]}');
    writeFileSync(join(dir, 'e.json'), '{"a":3}');
    const result = await runCli(['pattern', 'explain', '--pattern', '@p.json', '--event', '@e.json'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      result: 'invalid',
      issues: [{ path: '$.a[0].numeric', message: 'Event pattern is not valid. Reason: Bottom must be less than top' }],
    });
  });
});
