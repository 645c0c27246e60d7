import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { settingsCheck } from '../../../functions/shared/settings/field-check.js';
import { kafkaSink } from '../../../functions/sinks/kafka/connector.js';
import { validateConfig } from '../../../infra/config/index.js';
import { startStreams } from '../../../infra/wire/streams.js';
import { file, problems, task } from './helpers.js';

const kafkaSettings = settingsCheck(kafkaSink);

const bad = (got: string) => `must be a Kafka topic name: 1 to 249 of A-Z a-z 0-9 . _ - (got ${JSON.stringify(got)})`;
const kafka = (topic: string) => ({ type: 'kafka', topic });
const long = 'a'.repeat(249);

describe('Kafka topic names: 1 to 249 of [A-Za-z0-9._-], as Kafka accepts them', () => {
  it('are checked by validate in sources, sinks and dead-letter targets, with the path', () => {
    expect(problems(file({}, [task({ source: kafka('orders by day') })]))).toEqual([
      `tasks[0].source.topic: ${bad('orders by day')}`,
    ]);
    expect(problems(file({}, [task({ sink: kafka(`${long}a`) })]))).toEqual([
      expect.stringMatching(/^tasks\[0\]\.sink\.topic: must be a Kafka topic name: 1 to 249 of /),
    ]);
    expect(problems(file({}, [task({ errors: { deadLetter: kafka('..') } })]))).toEqual([
      `tasks[0].errors.deadLetter.topic: ${bad('..')}`,
    ]);
    expect(problems(file({}, [task({ errors: { deadLetter: kafka('dlq/../../etc') } })]))).toEqual([
      `tasks[0].errors.deadLetter.topic: ${bad('dlq/../../etc')}`,
    ]);
    const fine = task({ source: kafka(long), sink: kafka('Orders_v1.out-2'), errors: { deadLetter: kafka('.dlq') } });
    expect(problems(file({}, [fine]))).toEqual([]);
  });

  it('are checked by a deployed Kafka sink', () => {
    expect(kafkaSettings({ type: 'kafka', topic: 'ü' }).issues).toEqual([{ path: ['topic'], message: bad('ü') }]);
    expect(kafkaSettings({ type: 'kafka', topic: long }).issues).toEqual([]);
  });

  it('are checked by the task API: 400 with the path, and nothing created', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conflux-topics-'));
    const valid = validateConfig({ version: 1, tasks: [] });
    if (!valid.ok) throw new Error('bad test config');
    const streams = await startStreams(valid.config, { baseDir: dir, dataDir: join(dir, '.conflux'), port: 0 });
    try {
      const response = await fetch(`http://127.0.0.1:${streams.port}/api/tasks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(task({ sink: kafka('out put') })),
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        code: 'task.invalid',
        issues: [{ path: 'sink.topic', message: bad('out put') }],
      });
      expect(streams.emulator.list()).toEqual([]);
    } finally {
      await streams.close();
    }
  });
});
