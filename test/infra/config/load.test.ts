import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../infra/config/errors.js';
import { checkConfigText, loadConfig } from '../../../infra/config/load.js';
import { detectFormat, parseConfigText } from '../../../infra/config/parse.js';

const yamlText = `# orders into a file
version: 1
tasks:
  - name: orders-to-file
    source: { type: kafka, topic: orders, offset: earliest }
    sink:
      type: file
      path: out.jsonl
    concurrency: 4
`;

const jsonText = JSON.stringify({
  version: 1,
  tasks: [
    {
      name: 'orders-to-file',
      source: { type: 'kafka', topic: 'orders', offset: 'earliest' },
      sink: { type: 'file', path: 'out.jsonl' },
      concurrency: 4,
    },
  ],
});

describe('parsing', () => {
  it('loads YAML and JSON into the same config', () => {
    const fromYaml = checkConfigText(yamlText, { file: 'conflux.yaml' });
    const fromJson = checkConfigText(jsonText, { file: 'conflux.json' });
    expect(fromYaml.ok).toBe(true);
    expect(fromJson).toEqual(fromYaml);
    expect(fromYaml.ok && fromYaml.config.tasks[0]!.concurrency).toBe(4);
  });

  it('tells the formats apart by extension, then by content', () => {
    expect(detectFormat('{}', 'a.yaml')).toBe('yaml');
    expect(detectFormat('version: 1', 'a.JSON')).toBe('json');
    expect(detectFormat('  {"version": 1}')).toBe('json');
    expect(detectFormat('version: 1')).toBe('yaml');
  });

  it('reports a YAML syntax error with its line and column', () => {
    const text = 'version: 1\ntasks:\n  - name: a\n    source: { type: kafka\n';
    expect(parseConfigText(text)).toEqual({
      ok: false,
      issues: [
        {
          path: [],
          message: 'YAML syntax error: Flow map in block collection must be sufficiently indented and end with a }',
          line: 5,
          column: 1,
        },
      ],
    });
  });

  it('rejects a duplicate key in YAML where it is', () => {
    const result = parseConfigText('version: 1\ntasks: []\nversion: 1\n');
    expect(result).toMatchObject({
      ok: false,
      issues: [{ message: 'YAML syntax error: Map keys must be unique', line: 3, column: 1 }],
    });
  });

  it('reports a JSON syntax error with its line and column', () => {
    const result = parseConfigText('{\n  "version": 1,\n  "tasks": [}\n', { file: 'c.json' });
    expect(result).toMatchObject({ ok: false, issues: [{ line: 3, column: 13 }] });
    expect(result.ok || result.issues[0]!.message).toMatch(/^JSON syntax error: /);
  });

  it('is strict JSON for .json files (YAML would read "b": as null)', () => {
    expect(parseConfigText('{"a": 1, "b": }', { file: 'c.json' }).ok).toBe(false);
  });

  it('rejects several YAML documents in one file', () => {
    expect(parseConfigText('version: 1\n---\nversion: 1\n')).toMatchObject({ ok: false, issues: [{ line: 2 }] });
  });

  it('supports YAML anchors and merge keys to share settings', () => {
    const text = `version: 1
x-kafka: &orders { type: kafka, topic: orders }
tasks: []
`;
    expect(parseConfigText(text)).toMatchObject({ ok: true, raw: { 'x-kafka': { topic: 'orders' } } });
    const merged = parseConfigText('base: &b { a: 1 }\nx:\n  <<: *b\n  c: 2\n');
    expect(merged).toEqual({ ok: true, raw: { base: { a: 1 }, x: { a: 1, c: 2 } }, warnings: [] });
  });

  it('says an empty file is empty', () => {
    expect(checkConfigText('', { file: 'c.yaml' })).toEqual({
      ok: false,
      issues: [{ path: [], message: 'the file is empty; expected version: 1 and tasks' }],
      warnings: [],
    });
  });
});

describe('loadConfig', () => {
  async function write(name: string, text: string): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'conflux-config-'));
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  }

  it('returns the typed config, its warnings and the folder paths resolve from', async () => {
    const path = await write('conflux.yaml', yamlText);
    const loaded = await loadConfig(path);
    expect(loaded.config.tasks.map((task) => task.name)).toEqual(['orders-to-file']);
    expect(loaded.warnings).toEqual([]);
    expect(loaded.baseDir).toBe(join(path, '..'));
  });

  it('throws ConfigError with every issue for an invalid file', async () => {
    const path = await write('conflux.yaml', 'version: 2\ntasks: [{ name: a }]\n');
    const error = await loadConfig(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues.map((issue) => issue.path.join('.'))).toEqual([
      'version',
      'tasks.0.source',
      'tasks.0.sink',
    ]);
    expect((error as ConfigError).message).toContain('version: must be 1 (got 2)');
  });

  it('throws ConfigError naming a missing file', async () => {
    const error = await loadConfig('/nonexistent/conflux.yaml').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('config.unreadable');
    expect((error as ConfigError).message).toBe('/nonexistent/conflux.yaml: no such file');
  });
});

describe('the example files', () => {
  it.each(['examples/conflux.yaml', 'examples/demo.yaml'])('%s is valid', async (path) => {
    const loaded = await loadConfig(path);
    expect(loaded.config.tasks.length).toBeGreaterThan(0);
    expect(loaded.warnings).toEqual([]);
  });

  it('examples/conflux.yaml uses several sink types', async () => {
    const { config } = await loadConfig('examples/conflux.yaml');
    expect(new Set(config.tasks.map((task) => task.sink.type)).size).toBeGreaterThanOrEqual(6);
  });
});
