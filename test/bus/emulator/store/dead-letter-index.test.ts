import { appendFile, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeadLetterIndex } from '../../../../bus/emulator/store/dead-letter-index.js';
import type { CloudEvent } from '../../../../bus/event.js';

const letter = (id: string): CloudEvent => ({ specversion: '1.0', id, source: 's', type: 't', task: 'orders' });

describe('DeadLetterIndex', () => {
  it('lists letters oldest first with their last redrive, across instances', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conflux-dli-'));
    const index = new DeadLetterIndex(dir, 'orders', () => new Date('2026-12-01T00:00:00Z'));
    const first = await index.add(letter('e1'));
    const second = await index.add(letter('e2'));
    expect(first).not.toBe(second);
    await index.markRedriven(first, 'failed', 'sink down');
    await index.markRedriven(first, 'delivered');
    const listed = await new DeadLetterIndex(dir, 'orders').list();
    expect(listed).toEqual([
      {
        id: first,
        at: '2026-12-01T00:00:00.000Z',
        deadLetter: letter('e1'),
        redriven: { at: '2026-12-01T00:00:00.000Z', outcome: 'delivered' },
      },
      { id: second, at: '2026-12-01T00:00:00.000Z', deadLetter: letter('e2') },
    ]);
    expect(await new DeadLetterIndex(dir, 'other').list()).toEqual([]);
  });

  it('skips a line torn by a crash, and the next letter starts on a line of its own', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conflux-dli-'));
    const before = new DeadLetterIndex(dir, 'orders');
    const kept = await before.add(letter('e1'));
    await appendFile(before.path, '{"add":{"id":"torn","at":"2026-12-0'); // the crash
    const after = new DeadLetterIndex(dir, 'orders');
    const next = await after.add(letter('e2'));
    expect((await after.list()).map((d) => d.id)).toEqual([kept, next]);
    expect((await readFile(after.path, 'utf8')).split('\n')).toHaveLength(4); // two letters, the torn line, the final newline
  });
});
