import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openProducer } from '../../../bus/log/index.js';
import { loadConfig } from '../../../infra/config/index.js';
import { startStreams } from '../../../infra/wire/streams.js';
import { runCli } from '../../helpers/cli.js';
import { describeKafka } from '../../helpers/kafka-under-test.js';
import { waitFor } from '../../helpers/process.js';

const config = (path: string, deadLetter = '{ type: kafka, topic: ids-dlq }') => `version: 1
tasks:
  - name: ids
    source: { type: kafka, topic: in, offset: earliest }
    transform: { form: JSONPATH, value: "${path}" }
    sink: { type: file, path: out.txt }
    errors: { tolerance: ALL, deadLetter: ${deadLetter} }
`;

/** Runs the broken task over three records until one is dead-lettered and two delivered. */
async function deadLetterOne(dir: string): Promise<void> {
  const { config: broken } = await loadConfig(join(dir, 'broken.yaml'));
  const streams = await startStreams(broken, { baseDir: dir, dataDir: join(dir, '.conflux'), port: 0 });
  const producer = await openProducer({ log: streams.log });
  await producer.send('in', [{ value: '{"id":"a"}' }, { value: '{"other":2}' }, { value: '{"id":"c"}' }]);
  await waitFor(
    () =>
      streams.emulator.view('ids').metrics.deadLettered === 1 && streams.emulator.view('ids').metrics.eventsOut === 2,
    'two delivered, one dead letter',
  );
  await streams.close();
}

/** `deadletters list` then `redrive` of what it listed through the fixed task: the out file then holds all three. */
async function listAndRedrive(dir: string): Promise<void> {
  const listed = await runCli(['deadletters', 'list', 'broken.yaml', '--task', 'ids'], { cwd: dir });
  expect(listed.code).toBe(0);
  const items = listed.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  expect(items).toHaveLength(1);
  expect(items[0].deadLetter).toMatchObject({ task: 'ids', sink: 'file', data: { value: { other: 2 } } });

  const redriven = await runCli(['deadletters', 'redrive', 'fixed.yaml', '--task', 'ids', '--ids', items[0].id], {
    cwd: dir,
  });
  expect(redriven.code).toBe(0);
  expect(JSON.parse(redriven.stdout)).toMatchObject({
    redriven: 1,
    skipped: 0,
    delivered: 1,
    deadLettered: 0,
    dropped: 0,
  });
  // an id the task does not have is an error, not "all"
  const unknown = await runCli(['deadletters', 'redrive', 'fixed.yaml', '--task', 'ids', '--ids', 'nope'], {
    cwd: dir,
  });
  expect(unknown.code).toBe(1);
  expect(unknown.stderr).toContain('task ids has no dead letter nope');
  // marked: the same redrive again does nothing
  const twice = await runCli(['deadletters', 'redrive', 'fixed.yaml', '--task', 'ids'], { cwd: dir });
  expect(JSON.parse(twice.stdout)).toMatchObject({ redriven: 0, skipped: 1, delivered: 0 });
  expect((await readFile(join(dir, 'out.txt'), 'utf8')).trim().split('\n').sort()).toEqual(['a', 'c', '{"other":2}']);
}

describe('conflux deadletters', () => {
  it('lists the dead letters of a task and redrives them through a fixed transform', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conflux-dl-'));
    await writeFile(join(dir, 'broken.yaml'), config('$.data.value.id'));
    await writeFile(join(dir, 'fixed.yaml'), config('$.data.value'));
    await deadLetterOne(dir);
    await listAndRedrive(dir);
  });

  it('names what is missing: the task flag, an unknown task, a bad action', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conflux-dl-'));
    await writeFile(join(dir, 'c.yaml'), config('$.data'));
    expect((await runCli(['deadletters', 'list', 'c.yaml'], { cwd: dir })).stderr).toContain('--task NAME is required');
    expect((await runCli(['deadletters', 'list', 'c.yaml', '--task', 'nope'], { cwd: dir })).stderr).toContain(
      'no task named nope',
    );
    const bad = await runCli(['deadletters', 'purge', 'c.yaml', '--task', 'ids'], { cwd: dir });
    expect(bad.code).toBe(2);
  });
});

describeKafka('conflux deadletters with the dead-letter queue on Kafka', (kafka) => {
  it('lists the dead letters from the Kafka topic and redrives them', { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conflux-dl-kafka-'));
    const deadLetter = `{ type: kafka, topic: ids-dlq-${process.pid}-${Date.now() % 1e8}, brokers: ${JSON.stringify(kafka.brokers())} }`;
    await writeFile(join(dir, 'broken.yaml'), config('$.data.value.id', deadLetter));
    await writeFile(join(dir, 'fixed.yaml'), config('$.data.value', deadLetter));
    await deadLetterOne(dir);
    await listAndRedrive(dir);
  });
});
