import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'conflux-validate-'));
  const files: Record<string, string> = {
    'ok.yaml': 'version: 1\ntasks:\n  - name: a\n    source: { type: kafka, topic: t }\n    sink: { type: stdout }\n',
    'ok.json': '{"version": 1, "tasks": []}',
    'broken.yaml': `version: 1
quota: 1
tasks:
  - name: a
    source: { type: kafka, topic: orders }
    sonk: { type: file, path: out.jsonl }
    concurrency: 40
  - name: a
    source: { type: kafka, topic: orders }
    sink: { type: postgre, table: orders }
`,
    'syntax.yaml': 'version: 1\ntasks:\n  - name: a\n     source: x\n',
    'long-name.yaml': `version: 1\ntasks:\n  - name: ${'n'.repeat(130)}\n    source: { type: kafka, topic: t }\n    sink: { type: stdout }\n`,
  };
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
});

describe('conflux validate', () => {
  it('exits 0 and says how many tasks a valid file has', async () => {
    expect(await runCli(['validate', 'ok.yaml'], { cwd: dir })).toEqual({
      code: 0,
      stdout: 'ok.yaml: valid, 1 task\n',
      stderr: '',
    });
    expect(await runCli(['validate', 'ok.json'], { cwd: dir })).toEqual({
      code: 0,
      stdout: 'ok.json: valid, 0 tasks\n',
      stderr: '',
    });
  });

  it('exits 2 with every problem as one path: message line, in file order', async () => {
    const result = await runCli(['validate', 'broken.yaml'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')).toEqual([
      'tasks: 2 tasks exceed quota of 1; raise quota or remove tasks',
      'tasks[0].sonk: unknown key (did you mean "sink"?)',
      'tasks[0].concurrency: must be an integer from 1 to 32 (got 40)',
      'tasks[0].sink: required: a sink with a type, one of kafka, http, postgres, mysql, redis, rabbitmq, mqtt, nats, eventbridge, function, file, stdout',
      'tasks[1].name: duplicate task name "a"; tasks[0] has it too',
      'tasks[1].sink.type: unknown sink type "postgre"; expected one of kafka, http, postgres, mysql, redis, rabbitmq, mqtt, nats, eventbridge, function, file, stdout (did you mean "postgres"?)',
      '',
    ]);
  });

  it('exits 2 with the line and column of a syntax error', async () => {
    const result = await runCli(['validate', 'syntax.yaml'], { cwd: dir });
    expect(result.code).toBe(2);
    // `source:` indented deeper than `name:` continues the value `a` on line 3, column 11.
    expect(result.stderr.split('\n')[0]).toBe(
      'syntax.yaml:3:11: YAML syntax error: Nested mappings are not allowed in compact mappings',
    );
  });

  it('prints warnings on stderr and still exits 0', async () => {
    const result = await runCli(['validate', 'long-name.yaml'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('long-name.yaml: valid, 1 task (1 warning)\n');
    expect(result.stderr).toBe(
      `tasks[0].name: warning: name is 130 characters, more than 127; truncated to "${'n'.repeat(127)}"\n`,
    );
  });

  it('exits 2 with a clear message for a missing file', async () => {
    expect(await runCli(['validate', 'missing.yaml'], { cwd: dir })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'missing.yaml: no such file\n',
    });
  });

  it('reads standard input for -', async () => {
    const result = await runCli(['validate', '-'], { stdin: '{"version": 1, "tasks": [], "x": 1}', cwd: dir });
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: 'x: unknown key; allowed keys: version, quota, dialect, kafkaClusters, tasks, deploy\n',
    });
  });

  it('is a usage error without a file or with an unknown flag', async () => {
    expect((await runCli(['validate'], { cwd: dir })).code).toBe(2);
    const flagged = await runCli(['validate', '--strict', 'ok.yaml'], { cwd: dir });
    expect(flagged.code).toBe(2);
    expect(flagged.stderr).toContain('--strict');
  });
});

describe('conflux validate --strict-alibaba', () => {
  it('applies all of Alibaba rules at once: a file valid by default fails with each problem', async () => {
    const text = `version: 1
quota: 25
tasks:
  - name: a
    source: { type: kafka, topic: t }
    filter: { data: { value: { s: [a, b, c, d, e, f] } } }
    transform: { form: JSONATA, expression: "$.data" }
    sink: { type: stdout }
`;
    await writeFile(join(dir, 'alibaba.yaml'), text);
    const relaxed = await runCli(['validate', 'alibaba.yaml'], { cwd: dir });
    expect(relaxed.code).toBe(0);
    expect(relaxed.stderr).toContain('quota: warning: quota 25 is above');
    const strict = await runCli(['validate', 'alibaba.yaml', '--strict-alibaba'], { cwd: dir });
    expect(strict.code).toBe(2);
    expect(
      strict.stderr
        .trim()
        .split('\n')
        .map((line) => line.split(':')[0]),
    ).toEqual(['quota', 'tasks[0].filter.data.value.s', 'tasks[0].transform.form']);
  });
});
