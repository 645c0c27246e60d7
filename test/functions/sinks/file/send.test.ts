import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CloudEvent } from '../../../../bus/event.js';
import { OwnTailRecord } from '../../../../functions/sinks/file/own-tail.js';
import { connect } from '../../../../functions/sinks/file/send.js';

const event: CloudEvent = { specversion: '1.0', id: '1', source: 's', type: 't' };

describe('file sink', () => {
  it('appends each payload as a line, creating the folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'file-sink-'));
    const sink = await connect({ path: 'a/b/out.txt' }, { baseDir: dir });
    await sink.write([
      { event, payload: 'one' },
      { event, payload: '{"two":"ü"}' },
    ]);
    await sink.write([{ event, payload: 'three' }]);
    await sink.close();
    expect(await readFile(join(dir, 'a/b/out.txt'), 'utf8')).toBe('one\n{"two":"ü"}\nthree\n');
  });

  it('cuts a torn last line only inside the write it recorded as in progress', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'file-sink-'));
    const dataDir = join(dir, '.conflux');
    const first = await connect({ path: 'out.txt' }, { baseDir: dir, dataDir });
    await first.write([
      { event, payload: 'kept 1' },
      { event, payload: 'kept 2' },
    ]);
    await first.close();
    // the process died mid-write: the record says a 40-byte write began at the synced length
    const record = await OwnTailRecord.open(dataDir, join(dir, 'out.txt'));
    await record.save({ ...record.recorded!, writing: 40 });
    await record.close();
    await appendFile(join(dir, 'out.txt'), 'lost 3\n{"torn":');
    const sink = await connect({ path: 'out.txt' }, { baseDir: dir, dataDir });
    await sink.write([{ event, payload: 'next' }]);
    await sink.close();
    expect(await readFile(join(dir, 'out.txt'), 'utf8')).toBe('kept 1\nkept 2\nlost 3\nnext\n');
  });

  it('never cuts bytes it did not write: an existing file, an append after its last write, a replaced file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'file-sink-'));
    const dataDir = join(dir, '.conflux');
    const theirs = 'x'.repeat(3000);
    await writeFile(join(dir, 'out.txt'), theirs);
    for (const context of [{ baseDir: dir }, { baseDir: dir, dataDir }]) {
      await (await connect({ path: 'out.txt' }, context)).close();
      expect(await readFile(join(dir, 'out.txt'), 'utf8')).toBe(theirs);
    }
    const sink = await connect({ path: 'out.txt' }, { baseDir: dir, dataDir });
    await sink.write([{ event, payload: 'mine' }]);
    await sink.close();
    expect(await readFile(join(dir, 'out.txt'), 'utf8')).toBe(`${theirs}\nmine\n`);

    await appendFile(join(dir, 'out.txt'), 'their partial line');
    await (await connect({ path: 'out.txt' }, { baseDir: dir, dataDir })).close();
    expect(await readFile(join(dir, 'out.txt'), 'utf8')).toBe(`${theirs}\nmine\ntheir partial line`);

    // a record of a write in progress on a file since replaced (other bytes) cuts nothing either
    const record = await OwnTailRecord.open(dataDir, join(dir, 'out.txt'));
    await record.save({ ...record.recorded!, writing: 1_000_000 });
    await record.close();
    await rm(join(dir, 'out.txt'));
    const replaced = `${'y'.repeat(3000)}\nyours\nnew file`;
    await writeFile(join(dir, 'out.txt'), replaced);
    await (await connect({ path: 'out.txt' }, { baseDir: dir, dataDir })).close();
    expect(await readFile(join(dir, 'out.txt'), 'utf8')).toBe(replaced);
  });

  it('writes concurrent batches whole, each acknowledged after its sync', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'file-sink-'));
    const sink = await connect({ path: 'out.txt' }, { baseDir: dir, dataDir: join(dir, '.conflux') });
    const batches = Array.from({ length: 50 }, (_, i) => [
      { event, payload: `a${i}` },
      { event, payload: `b${i}` },
    ]);
    await Promise.all(batches.map((batch) => sink.write(batch)));
    await sink.close();
    const lines = (await readFile(join(dir, 'out.txt'), 'utf8')).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(100);
    for (let i = 0; i < 50; i++) expect(lines.indexOf(`b${i}`)).toBe(lines.indexOf(`a${i}`) + 1);
  });

  it('names the path when the file cannot be opened', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'file-sink-'));
    await mkdir(join(dir, 'taken'));
    await expect(connect({ path: 'taken' }, { baseDir: dir })).rejects.toMatchObject({
      code: 'sink.file.open',
      path: 'sink.path',
    });
  });
});
