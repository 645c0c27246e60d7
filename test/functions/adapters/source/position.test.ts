import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { PositionFile } from '../../../../functions/adapters/source/position.js';

it('stores a position, reads it back, and leaves no temporary file', async () => {
  const dir = join(await mkdtemp(join(tmpdir(), 'conflux-position-')), 'sources');
  const store = new PositionFile<{ at: number }>(dir, 'orders', 'file-tail');
  expect(await store.read()).toBeUndefined();
  await store.write({ at: 1 });
  await store.write({ at: 2 });
  expect(await store.read()).toEqual({ at: 2 });
  expect(await readdir(dir)).toEqual(['orders.file-tail.json']);
});

it('says which file is not JSON and how to start over', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'conflux-position-'));
  await writeFile(join(dir, 'orders.mysql-cdc.json'), '');
  await expect(new PositionFile(dir, 'orders', 'mysql-cdc').read()).rejects.toThrow(
    /orders\.mysql-cdc\.json is not JSON \(.*\); remove it to start over/,
  );
});

it('fails retriably when the folder cannot be written', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'conflux-position-'));
  await writeFile(join(dir, 'sources'), 'a file where the folder should be');
  const write = new PositionFile(join(dir, 'sources'), 'orders', 'file-tail').write({});
  await expect(write).rejects.toMatchObject({ code: 'source.position', retriable: true });
});
