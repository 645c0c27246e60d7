import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CliProcess, runCliProcess, spawnCli, waitFor } from '../helpers/process.js';

// A running task's filter sees record numbers by their decimal meaning, as `pattern test` does
// (test/bus/pattern/numbers.test.ts): 2^53 + 1 is not 2^53, -1e-400 is below 0 and is not 0.
// Each task's last matching record ("end") tells that it has read everything before it.

const config = `version: 1
tasks:
  - name: exact-2-53
    source: { type: kafka, topic: numbers, offset: earliest }
    filter: { data: { value: { n: [9007199254740992] } } }
    sink: { type: file, path: out/exact.jsonl }
  - name: below-zero
    source: { type: kafka, topic: numbers, offset: earliest }
    filter: { data: { value: { n: [{ numeric: ['<', 0] }] } } }
    transform: { form: JSONPATH, value: $.data.value.id }
    sink: { type: file, path: out/below.jsonl }
`;

const records = [
  '{"k":"x","id":"2^53+1","n":9007199254740993}',
  '{"k":"x","id":"2^53","n":9007199254740992}',
  '{"k":"x","id":"-1e-400","n":-1e-400}',
  '{"k":"x","id":"-0","n":-0}',
  '{"k":"x","id":"end","n":9007199254740992.0}',
  '{"k":"x","id":"end","n":-1}',
];

async function ids(dir: string, file: string): Promise<string[]> {
  const text = await readFile(join(dir, 'out', file), 'utf8').catch(() => '');
  return text
    .split('\n')
    .slice(0, -1)
    .map((line) =>
      line.startsWith('{') ? (JSON.parse(line) as { data: { value: { id: string } } }).data.value.id : line,
    );
}

describe('a running task compares numbers by their decimal meaning', () => {
  let running: CliProcess | undefined;
  afterEach(() => {
    running?.child.kill('SIGKILL');
    running = undefined;
  });

  it('2^53 + 1 does not pass a filter on 2^53; -1e-400 passes numeric < 0 and -0 does not', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conflux-numbers-'));
    await writeFile(join(dir, 'conflux.yaml'), config);
    const produced = await runCliProcess(['produce', '--topic', 'numbers', '--key', '$.k'], {
      cwd: dir,
      stdin: records.join('\n'),
    });
    expect(produced.code).toBe(0);
    running = spawnCli(['run', 'conflux.yaml', '--port', '0'], { cwd: dir });
    const done = async () =>
      (await ids(dir, 'exact.jsonl')).includes('end') && (await ids(dir, 'below.jsonl')).includes('end');
    await waitFor(done, 'both tasks at their last record');
    running.child.kill('SIGINT');
    expect(await running.exited).toBe(0);
    expect(await ids(dir, 'exact.jsonl')).toEqual(['2^53', 'end']);
    expect(await ids(dir, 'below.jsonl')).toEqual(['-1e-400', 'end']);
  });
});
