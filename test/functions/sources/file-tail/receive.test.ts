import { appendFile, mkdir, mkdtemp, readFile, rename, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoredRecord } from '../../../../bus/log/types.js';
import type { TaskSource } from '../../../../bus/task/contract.js';
import type { FileTailSourceConfig } from '../../../../functions/sources/file-tail/config.js';
import { decode, openSource } from '../../../../functions/sources/file-tail/receive.js';
import { collect } from '../../../helpers/source-run.js';

const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `line ${from + i}\n`).join('');
const bodies = (records: StoredRecord[]) => records.map((r) => r.value.toString());
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `line ${from + i}`);

/** A source over `paths` in a fresh folder, committing each batch as a task does once its sink has it. */
async function tail(dir: string, settings: Partial<FileTailSourceConfig> = {}) {
  const config: FileTailSourceConfig = {
    type: 'file-tail',
    paths: ['*.log'],
    from: 'beginning',
    pollMs: 20,
    ...settings,
  };
  const source: TaskSource = await openSource(config, { task: 'tail', baseDir: dir, dataDir: join(dir, '.conflux') });
  opened.push(source);
  const run = collect(source, async (batch) => source.commit(batch.topic, 0, batch.records.at(-1)!.offset + 1));
  return { source, ...run };
}

const opened: TaskSource[] = [];
afterEach(async () => {
  for (const source of opened.splice(0)) await source.stop();
});

const fresh = () => mkdtemp(join(tmpdir(), 'conflux-file-tail-'));

describe('the file-tail source', () => {
  it('reads files a glob names from the beginning, then what is appended, with file, offset and line number', async () => {
    const dir = await fresh();
    await writeFile(join(dir, 'a.log'), 'first\n{"n":2}\n');
    await writeFile(join(dir, 'skip.txt'), 'not matched\n');
    const { records, until } = await tail(dir);
    await until(2);
    await appendFile(join(dir, 'a.log'), 'third\n');
    await until(3);
    expect(bodies(records())).toEqual(['first', '{"n":2}', 'third']);
    const events = records().map((r) => decode(r, { withText: false }).event);
    expect(events[1]).toMatchObject({
      source: 'conflux:file-tail',
      type: 'file:Line:Appended',
      subject: join(dir, 'a.log'),
      data: { file: join(dir, 'a.log'), offset: 6, lineNumber: 2, body: { n: 2 } },
    });
    expect(events[2]!.data).toMatchObject({ offset: 14, lineNumber: 3, body: 'third' });
    expect(events[2]!.id).toMatch(/^\d+-\d+-14$/);
  });

  it('with from: end skips what the files held at the very first start, and only then', async () => {
    const dir = await fresh();
    await writeFile(join(dir, 'a.log'), lines(0, 5));
    const first = await tail(dir, { from: 'end' });
    await appendFile(join(dir, 'a.log'), lines(5, 7));
    await first.until(2);
    expect(bodies(first.records())).toEqual(range(5, 7));
    expect(decode(first.records()[0]!, { withText: false }).event.data).toMatchObject({ lineNumber: 6 });
    await first.source.stop();
    await appendFile(join(dir, 'a.log'), lines(7, 9));
    const second = await tail(dir, { from: 'end' });
    await second.until(2);
    expect(bodies(second.records())).toEqual(range(7, 9));
  });

  it('goes on after a restart from what was acknowledged, not what was read', async () => {
    const dir = await fresh();
    await writeFile(join(dir, 'a.log'), lines(0, 3));
    const config: FileTailSourceConfig = { type: 'file-tail', paths: ['a.log'], from: 'beginning', pollMs: 20 };
    const context = { task: 'tail', baseDir: dir, dataDir: join(dir, '.conflux') };
    const source = await openSource(config, context);
    const run = collect(source, async (batch) => {
      if (batch.records.length >= 3) await source.commit(batch.topic, 0, batch.records[1]!.offset + 1);
    });
    await run.until(3);
    await source.stop();
    const stored = JSON.parse(await readFile(join(dir, '.conflux/sources/tail.file-tail.json'), 'utf8'));
    expect(Object.values(stored.files)).toEqual([{ path: join(dir, 'a.log'), offset: 14, line: 3 }]);
    const again = await tail(dir, { paths: ['a.log'] });
    await again.until(1);
    expect(bodies(again.records())).toEqual(['line 2']);
  });

  it('follows a rename rotation: the old file is read to its end, the new one from its start', async () => {
    const dir = await fresh();
    const path = join(dir, 'app.log');
    await writeFile(path, lines(0, 100));
    const { records, until } = await tail(dir);
    await until(50);
    await appendFile(path, lines(100, 150)); // written before the rename, maybe after the last read
    await rename(path, join(dir, 'app.log.1')); // no longer matched by *.log
    await writeFile(path, lines(150, 200));
    await until(200);
    expect(bodies(records())).toEqual(range(0, 200));
    const files = records().map((r) => decode(r, { withText: false }).event.data as { lineNumber: number });
    expect(files[150]).toMatchObject({ file: path, offset: 0, lineNumber: 1 });
  });

  it('reads a truncated file again from its start', async () => {
    const dir = await fresh();
    const path = join(dir, 'app.log');
    await writeFile(path, lines(0, 10));
    const { records, until } = await tail(dir);
    await until(10);
    await truncate(path, 0);
    await appendFile(path, 'after\n'); // shorter than before: the next pass sees the file shrank
    await until(11);
    expect(bodies(records()).slice(10)).toEqual(['after']);
    expect(decode(records()[10]!, { withText: false }).event.data).toMatchObject({ offset: 0, lineNumber: 1 });
  });

  it('picks up files that appear later, in folders a ** glob names', async () => {
    const dir = await fresh();
    const { records, until } = await tail(dir, { paths: ['**/*.log'] });
    await mkdir(join(dir, 'sub'));
    await writeFile(join(dir, 'sub', 'late.log'), 'late\n');
    await until(1);
    expect(bodies(records())).toEqual(['late']);
  });

  it('makes multi-line records by a start pattern, the last one once the file is quiet', async () => {
    const dir = await fresh();
    await writeFile(join(dir, 'app.log'), 'E1 boom\n  at a\n  at b\nE2 ok\n');
    const { records, until } = await tail(dir, { multiline: { start: '^E\\d', timeoutMs: 30 } });
    await until(2);
    expect(bodies(records())).toEqual(['E1 boom\n  at a\n  at b', 'E2 ok']);
    expect(decode(records()[1]!, { withText: false }).event.data).toMatchObject({ offset: 22, lineNumber: 4 });
  });

  it('drains a file renamed away while it was stopped, found by its inode', async () => {
    const dir = await fresh();
    const path = join(dir, 'app.log');
    await writeFile(path, lines(0, 5));
    const first = await tail(dir);
    await first.until(5);
    await first.source.stop();
    await appendFile(path, lines(5, 8));
    await rename(path, join(dir, 'app.log.1'));
    await writeFile(path, lines(8, 10));
    const second = await tail(dir);
    await second.until(5);
    expect(bodies(second.records())).toEqual(range(5, 10));
  });

  it('fails the run when the stored positions are not JSON', async () => {
    const dir = await fresh();
    await mkdir(join(dir, '.conflux/sources'), { recursive: true });
    await writeFile(join(dir, '.conflux/sources/tail.file-tail.json'), '{torn');
    await expect(tail(dir)).rejects.toThrow(/tail\.file-tail\.json is not JSON .*remove it to start over/);
  });
});
