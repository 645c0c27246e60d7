import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openProducer } from '../../../bus/log/index.js';
import { validateConfig } from '../../../infra/config/index.js';
import { startStreams } from '../../../infra/wire/streams.js';
import { waitFor } from '../../helpers/process.js';

it('a new file-sink task, paused or running, keeps every byte of an existing file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'conflux-file-sink-'));
  const theirs = `${'notes of mine '.repeat(214)}end.`; // 3,000 bytes, no trailing newline
  expect(Buffer.byteLength(theirs)).toBe(3000);
  await writeFile(join(dir, 'notes.txt'), theirs);
  const valid = validateConfig({ version: 1, tasks: [] });
  if (!valid.ok) throw new Error('bad test config');
  const streams = await startStreams(valid.config, { baseDir: dir, dataDir: join(dir, '.conflux'), port: 0 });
  try {
    const task = {
      name: 'onto-notes',
      source: { type: 'kafka', topic: 'file-sink-existing', offset: 'earliest' },
      transform: { form: 'JSONPATH', value: '$.data.value.line' },
      sink: { type: 'file', path: 'notes.txt' },
    };
    await streams.emulator.create(task, { start: false });
    expect(await readFile(join(dir, 'notes.txt'), 'utf8')).toBe(theirs);
    await streams.emulator.remove('onto-notes');
    expect(await readFile(join(dir, 'notes.txt'), 'utf8')).toBe(theirs);

    await streams.emulator.create(task);
    const producer = await openProducer({ log: streams.log });
    await producer.send('file-sink-existing', [{ key: 'k', value: JSON.stringify({ line: 'delivered' }) }]);
    await producer.close();
    await waitFor(async () => streams.emulator.view('onto-notes').metrics.eventsOut === 1, 'one delivered');
    expect(await readFile(join(dir, 'notes.txt'), 'utf8')).toBe(`${theirs}\ndelivered\n`);
  } finally {
    await streams.close();
  }
});
