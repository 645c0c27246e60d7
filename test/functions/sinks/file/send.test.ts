import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CloudEvent } from '../../../../bus/event.js';
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

  it('cuts a torn last line (a write that was never acknowledged) before appending', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'file-sink-'));
    await writeFile(join(dir, 'out.txt'), 'kept 1\nkept 2\n{"torn":');
    const sink = await connect({ path: 'out.txt' }, { baseDir: dir });
    await sink.write([{ event, payload: 'next' }]);
    await sink.close();
    expect(await readFile(join(dir, 'out.txt'), 'utf8')).toBe('kept 1\nkept 2\nnext\n');
  });

  it('empties a file that holds only a torn line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'file-sink-'));
    await writeFile(join(dir, 'out.txt'), 'x'.repeat(70_000));
    const sink = await connect({ path: 'out.txt' }, { baseDir: dir });
    await sink.close();
    expect(await readFile(join(dir, 'out.txt'), 'utf8')).toBe('');
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
