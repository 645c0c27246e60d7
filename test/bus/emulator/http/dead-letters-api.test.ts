import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openProducer } from '../../../../bus/log/index.js';
import { validateConfig } from '../../../../infra/config/index.js';
import { type Streams, startStreams } from '../../../../infra/wire/streams.js';
import { waitFor } from '../../../helpers/process.js';

let dir: string;
let streams: Streams;
// biome-ignore lint/suspicious/noExplicitAny: response bodies are JSON read only by assertions
let api: (path: string, body?: unknown) => Promise<{ status: number; body: any }>;

/** A task on `topic` whose JSONPATH fails for events without `id`; its dead letters go to `deadLetter`. */
const task = (name: string, topic: string, deadLetter: unknown, value = '$.data.value.id') => ({
  name,
  source: { type: 'kafka', topic, offset: 'earliest' },
  transform: { form: 'JSONPATH', value },
  sink: { type: 'file', path: `${name}.txt` },
  errors: { tolerance: 'ALL', deadLetter },
});

async function produce(topic: string, values: unknown[]): Promise<void> {
  const producer = await openProducer({ log: streams.log });
  await producer.send(
    topic,
    values.map((v) => ({ value: JSON.stringify(v) })),
  );
  await producer.close();
}

const lines = async (file: string) =>
  (await readFile(join(dir, file), 'utf8').catch(() => '')).split('\n').filter(Boolean);

const deadLettered = async (name: string, count: number) =>
  waitFor(
    async () => (await api(`/api/tasks/${name}`)).body.metrics.deadLettered === count,
    `${count} dead letter(s) of ${name}`,
  );

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'conflux-dl-api-'));
  const valid = validateConfig({ version: 1, tasks: [] });
  if (!valid.ok) throw new Error('bad test config');
  streams = await startStreams(valid.config, { baseDir: dir, dataDir: join(dir, '.conflux'), port: 0 });
  api = async (path, body) => {
    const response = await fetch(`http://127.0.0.1:${streams.port}${path}`, {
      method: body === undefined && !path.endsWith('redrive') ? 'GET' : 'POST',
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
  };
});

afterEach(async () => {
  await streams.close();
});

describe('dead letters belong to their task', () => {
  it('two tasks sharing one dead-letter topic each list and redrive only their own letters, once', async () => {
    const shared = { type: 'kafka', topic: 'shared-dlq' };
    await api('/api/tasks', task('a', 'dl-in-a', shared));
    await api('/api/tasks', task('b', 'dl-in-b', shared));
    await produce('dl-in-a', [{ from: 'a' }]);
    await produce('dl-in-b', [{ from: 'b' }, { from: 'b2' }]);
    await deadLettered('a', 1);
    await deadLettered('b', 2);
    const listed = (name: string) => api(`/api/tasks/${name}/deadletters`).then((r) => r.body.deadLetters);
    expect(
      (await listed('a')).map((d: { deadLetter: { data: { value: unknown } } }) => d.deadLetter.data.value),
    ).toEqual([{ from: 'a' }]);
    expect((await listed('b')).map((d: { deadLetter: { task: string } }) => d.deadLetter.task)).toEqual(['b', 'b']);

    // fix b so its letters deliver: b's redrive delivers b's two events into b's sink, none of a's
    await fetch(`http://127.0.0.1:${streams.port}/api/tasks/b`, {
      method: 'PUT',
      body: JSON.stringify(task('b', 'dl-in-b', shared, '$.data.value.from')),
    });
    expect((await api('/api/tasks/b/deadletters/redrive', {})).body).toMatchObject({
      redriven: 2,
      delivered: 2,
      skipped: 0,
    });
    expect((await lines('b.txt')).sort()).toEqual(['b', 'b2']); // two partitions: either order
    expect(await lines('a.txt')).toEqual([]);
    const marked = await listed('b');
    expect(marked.map((d: { redriven: { outcome: string; at: string } }) => d.redriven.outcome)).toEqual([
      'delivered',
      'delivered',
    ]);
    expect(Date.parse(marked[0].redriven.at)).not.toBeNaN();

    // twice: nothing is delivered again, unless asked
    expect((await api('/api/tasks/b/deadletters/redrive')).body).toMatchObject({ redriven: 0, skipped: 2 });
    expect(await lines('b.txt')).toHaveLength(2);
    const again = await api('/api/tasks/b/deadletters/redrive', { ids: [marked[0].id], again: true });
    expect(again.body).toMatchObject({ redriven: 1, delivered: 1 });
    expect((await lines('b.txt')).at(-1)).toBe(marked[0].deadLetter.data.value.from);
    expect(await lines('b.txt')).toHaveLength(3);
  });

  it("an unknown id is an error that redrives nothing; a's id is unknown to b", async () => {
    await api('/api/tasks', task('a', 'dl-x-a', { type: 'kafka', topic: 'x-dlq' }));
    await api('/api/tasks', task('b', 'dl-x-b', { type: 'kafka', topic: 'x-dlq' }));
    await produce('dl-x-a', [{ no: 'id' }]);
    await deadLettered('a', 1);
    const [letter] = (await api('/api/tasks/a/deadletters')).body.deadLetters;
    const refused = await api('/api/tasks/b/deadletters/redrive', { ids: [letter.id] });
    expect(refused.status).toBe(404);
    expect(refused.body.error).toBe(`task b has no dead letter ${letter.id}`);
    const mixed = await api('/api/tasks/a/deadletters/redrive', { ids: [letter.id, 'nope'] });
    expect(mixed.status).toBe(404);
    expect((await api('/api/tasks/a/deadletters')).body.deadLetters[0].redriven).toBeUndefined();
    expect((await api('/api/tasks/a/deadletters/redrive', { idz: [] })).body.error).toBe(
      'unknown key idz in the redrive body; allowed keys: ids, again',
    );
  });

  it('a Redis list as the dead-letter target lists and redrives the same way', async () => {
    const list = `conflux-dlq-${process.pid}-${Date.now()}`;
    const redis = new Redis('redis://127.0.0.1:6379');
    try {
      await api('/api/tasks', task('r', 'dl-redis-in', { type: 'redis', command: 'rpush', key: list }));
      await produce('dl-redis-in', [{ other: 'r' }]);
      await deadLettered('r', 1);
      expect((await redis.lrange(list, 0, -1)).map((l) => JSON.parse(l).data.value)).toEqual([{ other: 'r' }]);
      const [letter] = (await api('/api/tasks/r/deadletters')).body.deadLetters;
      expect(letter.deadLetter).toMatchObject({ task: 'r', data: { value: { other: 'r' } } });
      await fetch(`http://127.0.0.1:${streams.port}/api/tasks/r`, {
        method: 'PUT',
        body: JSON.stringify(
          task('r', 'dl-redis-in', { type: 'redis', command: 'rpush', key: list }, '$.data.value.other'),
        ),
      });
      expect((await api('/api/tasks/r/deadletters/redrive', { ids: [letter.id] })).body).toMatchObject({
        delivered: 1,
      });
      expect(await lines('r.txt')).toEqual(['r']);
    } finally {
      await redis.del(list);
      redis.disconnect();
    }
  });

  it('a file dead-letter target lists and redrives: the index holds the letter, the file its copy', async () => {
    await api('/api/tasks', task('f', 'dl-file-in', { type: 'file', path: 'dlq.jsonl' }));
    await produce('dl-file-in', [{ id: 'ok' }, { other: 1 }]);
    await deadLettered('f', 1);
    expect((await lines('dlq.jsonl')).map((l) => JSON.parse(l).data.value)).toEqual([{ other: 1 }]);
    const [letter] = (await api('/api/tasks/f/deadletters')).body.deadLetters;
    expect(letter.deadLetter).toMatchObject({ task: 'f', sink: 'file', data: { value: { other: 1 } } });
    // redriven through the unchanged task it fails again: a new letter, and the old one is marked
    const outcome = await api('/api/tasks/f/deadletters/redrive', {});
    expect(outcome.body).toMatchObject({
      redriven: 1,
      deadLettered: 1,
      letters: [{ id: letter.id, outcome: 'dead-lettered' }],
    });
    const after = (await api('/api/tasks/f/deadletters')).body.deadLetters;
    expect(
      after.map((d: { id: string; redriven?: { outcome: string } }) => [d.id === letter.id, d.redriven?.outcome]),
    ).toEqual([
      [true, 'dead-lettered'],
      [false, undefined],
    ]);
  });
});
