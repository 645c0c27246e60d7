import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CliProcess, runCliProcess, spawnCli, waitFor } from '../helpers/process.js';

// Tasks of a `dialect: alibaba` conflux.yaml filter and transform as Alibaba's engine does
// (docs/dialects.md): exact values as JSON text, ORIGINAL byte for byte, JSONPATH selecting
// nothing → null, TEMPLATE leaving unknown variables and honouring $${x} and ${x:-default}.

const config = `version: 1
dialect: alibaba
tasks:
  - name: text-300
    source: { type: kafka, topic: ali, offset: earliest }
    filter: { data: { value: { n: ["300"] } } }
    sink: { type: file, path: out/original.jsonl }
  - name: missing-path
    source: { type: kafka, topic: ali, offset: earliest }
    transform: { form: JSONPATH, value: $.data.value.missing }
    sink: { type: file, path: out/jsonpath.txt }
  - name: template
    source: { type: kafka, topic: ali, offset: earliest }
    transform:
      form: TEMPLATE
      value: { id: $.data.value.id, gone: $.data.value.missing }
      template: "\${id}:\${gone}:\${gone:-none}:$\${id}:\${other}"
    sink: { type: file, path: out/template.txt }
`;

const records = [
  '{ "k": "x", "id": "a", "n": 300 }',
  '{ "k": "x", "id": "b", "n": "300" }',
  '{ "k": "x", "id": "c", "n": 3.0e2 }',
  '{ "k": "x", "id": "d", "n": 300.0 }',
  '{ "k": "x", "id": "end", "n": "300" }',
];

async function lines(dir: string, file: string): Promise<string[]> {
  const text = await readFile(join(dir, 'out', file), 'utf8').catch(() => '');
  return text.split('\n').slice(0, -1);
}

describe('a dialect: alibaba stream', () => {
  let running: CliProcess | undefined;
  afterEach(() => {
    running?.child.kill('SIGKILL');
    running = undefined;
  });

  it("filters and transforms by Alibaba's rules", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conflux-alibaba-'));
    await writeFile(join(dir, 'conflux.yaml'), config);
    const produced = await runCliProcess(['produce', '--topic', 'ali', '--key', '$.k'], {
      cwd: dir,
      stdin: records.join('\n'),
    });
    expect(produced.code).toBe(0);
    running = spawnCli(['run', 'conflux.yaml', '--port', '0'], { cwd: dir });
    await waitFor(
      async () =>
        (await lines(dir, 'jsonpath.txt')).length >= 5 &&
        (await lines(dir, 'template.txt')).length >= 5 &&
        (await lines(dir, 'original.jsonl')).some((line) => line.includes('"end"')),
      'every task at the last record',
    );
    running.child.kill('SIGINT');
    expect(await running.exited).toBe(0);
    // "300" as JSON text: the number 300 and the string "300", not 3.0e2 or 300.0; the value as written.
    const original = await lines(dir, 'original.jsonl');
    expect(original).toHaveLength(3);
    for (const [i, record] of [records[0], records[1], records[4]].entries()) {
      expect(original[i]).toContain(`"value":${record}}}`);
    }
    expect(await lines(dir, 'jsonpath.txt')).toEqual(new Array(5).fill('null'));
    expect(await lines(dir, 'template.txt')).toEqual(
      ['a', 'b', 'c', 'd', 'end'].map((id) => `${id}:\${gone}:none:\${id}:\${other}`),
    );
  });
});
