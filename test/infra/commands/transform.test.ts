import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';

const fixtures = fileURLToPath(new URL('../../functions/transformers/fixtures/', import.meta.url));
const event = JSON.stringify({
  specversion: '1.0',
  id: 'e1',
  source: 's',
  type: 't',
  data: { key: 'k1', n: -1.5e-7, s: 'a "q" ü' },
});

function cases(lines: unknown[]): string {
  return `${lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n`;
}

describe('conflux transform test --cases', () => {
  it('answers every case in order: ok, invalid, error', async () => {
    const input = cases([
      { id: 'path', transform: { form: 'JSONPATH', value: '$.data.s' }, event },
      { id: 'number', transform: { form: 'JSONPATH', value: '$.data.n' }, event },
      {
        id: 'tpl',
        transform: { form: 'TEMPLATE', value: { k: '$.data.key', m: '$.nope' }, template: '${k}/${m}' },
        event,
      },
      { id: 'bad-path', transform: { form: 'JSONPATH', value: 'data.key' }, event },
      { id: 'undeclared', transform: { form: 'TEMPLATE', value: {}, template: '${x}' }, event },
      { id: 'missing', transform: { form: 'JSONPATH', value: '$.data.none' }, event },
      { id: 'bad-event', transform: { form: 'ORIGINAL' }, event: '{not json' },
      { id: 'no-event', transform: { form: 'ORIGINAL' } },
      { id: 'jsonata', transform: { form: 'JSONATA', expression: '$uppercase(data.key)' }, event },
      { id: 'fn', transform: { form: 'FUNCTION', handler: `${fixtures}callback-upper.mjs#handler` }, event },
      { id: 'fn-throws', transform: { form: 'FUNCTION', handler: `${fixtures}misbehaving.mjs#throws` }, event },
      { id: 'fn-missing-export', transform: { form: 'FUNCTION', handler: `${fixtures}results.mjs#absent` }, event },
      '   ',
      'not json at all',
    ]);
    const { code, stdout } = await runCli(['transform', 'test', '--cases', '-'], { stdin: input });
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { id: 'path', result: 'ok', outputs: ['a "q" ü'] },
      { id: 'number', result: 'ok', outputs: ['-1.5e-7'] },
      { id: 'tpl', result: 'ok', outputs: ['k1/'] },
      { id: 'bad-path', result: 'invalid', error: 'value: not a definite JSONPath: a path starts with $' },
      { id: 'undeclared', result: 'invalid', error: 'template: undeclared variable ${x}: declare it in value' },
      { id: 'missing', result: 'error', error: '$.data.none: nothing selected' },
      { id: 'bad-event', result: 'error', error: expect.stringMatching(/^event: not JSON text \(.+\)$/) },
      { id: 'no-event', result: 'error', error: 'event: the case has no event' },
      { id: 'jsonata', result: 'ok', outputs: ['K1'] },
      { id: 'fn', result: 'ok', outputs: ['K1'] },
      { id: 'fn-throws', result: 'error', error: 'handler failed: handler threw on purpose' },
      { id: 'fn-missing-export', result: 'invalid', error: expect.stringContaining('no function export "absent"') },
      { id: null, result: 'invalid', error: expect.stringContaining('line 14 is not JSON') },
    ]);
  });

  it('reads a cases file and finds relative handlers beside it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conflux-cases-'));
    writeFileSync(join(dir, 'h.mjs'), 'export const handler = async (e) => JSON.parse(e).map((x) => x.id);\n');
    writeFileSync(
      join(dir, 'cases.jsonl'),
      cases([{ id: 1, transform: { form: 'FUNCTION', handler: 'h.mjs' }, event }]),
    );
    const { stdout } = await runCli(['transform', 'test', '--cases', join(dir, 'cases.jsonl')]);
    expect(JSON.parse(stdout)).toEqual({ id: 1, result: 'ok', outputs: ['e1'] });
  });

  it('needs --cases', async () => {
    const { code, stderr } = await runCli(['transform', 'test']);
    expect(code).toBe(2);
    expect(stderr).toContain('--cases FILE.jsonl is required');
  });
});

describe('conflux transform run', () => {
  it('prints each output on its own line', async () => {
    const { code, stdout } = await runCli([
      'transform',
      'run',
      '--spec',
      '{"form":"JSONPATH","value":"$.data.key"}',
      '--event',
      event,
    ]);
    expect(code).toBe(0);
    expect(stdout).toBe('k1\n');
  });

  it('reads a YAML spec file and a batch of events from stdin', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conflux-run-'));
    writeFileSync(join(dir, 'spec.yaml'), 'form: TEMPLATE\nvalue: { k: $.data.key }\ntemplate: "key ${k}"\n');
    const batch = `[${event},${event.replace('"k1"', '"k2"')}]`;
    const { code, stdout } = await runCli(
      ['transform', 'run', '--spec', join(dir, 'spec.yaml'), '--event', '-', '--json'],
      {
        stdin: batch,
      },
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ result: 'ok', outputs: ['key k1', 'key k2'] });
  });

  it('exits 2 with path: message lines for an invalid spec, 1 when the event fails', async () => {
    const invalid = await runCli([
      'transform',
      'run',
      '--spec',
      '{"form":"TEMPLATE","value":{"a":1},"template":"${b}"}',
      '--event',
      event,
    ]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toBe(
      'transform.value.a: must be a string ("$.path" or a literal), got number\ntransform.template: undeclared variable ${b}: declare it in value\n',
    );
    const failed = await runCli(['transform', 'run', '--spec', '{"form":"JSONPATH","value":"$.x"}', '--event', event]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('$.x: nothing selected');
  });

  it('rejects unknown subcommands and flags', async () => {
    expect((await runCli(['transform', 'explain'])).code).toBe(2);
    expect((await runCli(['transform', 'run', '--spec', '{}', '--event', '{}', '--nope'])).code).toBe(2);
  });
});
