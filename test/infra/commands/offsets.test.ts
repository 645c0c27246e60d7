import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openEmbeddedLog } from '../../../bus/log/embedded/embedded.js';
import { openProducer } from '../../../bus/log/index.js';
import { runCli } from '../../helpers/cli.js';
import { describeKafka } from '../../helpers/kafka-under-test.js';

let cwd = '';
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

/** A data dir with topic `t`: partition 0 holds timestamps 1000, 2000, 3000; the others are empty. */
async function setup(): Promise<void> {
  cwd = mkdtempSync(join(tmpdir(), 'conflux-offsets-'));
  const log = await openEmbeddedLog(join(cwd, '.conflux'), { partitions: 2 });
  await log.append(
    't',
    [1000, 2000, 3000].map((timestamp, i) => ({ value: `v${i}`, partition: 0, timestamp })),
  );
  await log.close();
}

const json = (stdout: string) =>
  stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, number | null>);

describe('conflux offsets (embedded bus)', () => {
  it('shows committed, end and lag per partition as a table, and the total', async () => {
    await setup();
    const result = await runCli(['offsets', 'show', '--group', 'g', '--topic', 't'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(
      [
        'PARTITION  COMMITTED  LOW  END  LAG',
        '0          -          0    3    3',
        '1          -          0    0    0',
        'total lag 3',
        '',
      ].join('\n'),
    );
  });

  it('resets to a time, an offset of one partition, latest and earliest; prints from → to', async () => {
    await setup();
    const at = (to: string[]) => runCli(['offsets', 'reset', '--group', 'g', '--topic', 't', '--json', ...to], { cwd });
    const byTime = await at(['--to-time', new Date(1500).toISOString()]);
    expect(byTime.code, byTime.stderr).toBe(0);
    expect(json(byTime.stdout)).toEqual([
      { partition: 0, from: null, to: 1 },
      { partition: 1, from: null, to: 0 },
    ]);
    expect(json((await at(['--to-offset', '2', '--partition', '0'])).stdout)).toEqual([
      { partition: 0, from: 1, to: 2 },
    ]);
    expect(json((await at(['--to-latest'])).stdout).map((r) => r.to)).toEqual([3, 0]);
    expect(json((await at(['--to-earliest'])).stdout).map((r) => r.to)).toEqual([0, 0]);
    const shown = await runCli(['offsets', 'show', '--group', 'g', '--topic', 't', '--json'], { cwd });
    expect(json(shown.stdout)).toEqual([
      { partition: 0, committed: 0, low: 0, end: 3, lag: 3 },
      { partition: 1, committed: 0, low: 0, end: 0, lag: 0 },
    ]);
  });

  it.each([
    [['reset', '--group', 'g', '--topic', 't'], 'exactly one of --to-earliest'],
    [['reset', '--group', 'g', '--topic', 't', '--to-latest', '--to-earliest'], 'exactly one of'],
    [['reset', '--group', 'g', '--topic', 't', '--to-offset', '1.5'], '--to-offset must be a whole number'],
    [['reset', '--group', 'g', '--topic', 't', '--to-latest', '--partition', '1'], '--partition goes with --to-offset'],
    [['reset', '--group', 'g', '--topic', 't', '--to-time', 'yesterday'], '--to-time must be an ISO 8601 time'],
    [['show', '--topic', 't'], '--group and --topic are needed'],
    [['rewind', '--group', 'g', '--topic', 't'], 'expected show or reset'],
    [['show', '--group', 'g', '--topic', 't', '--to-offset', '1'], 'go with reset'],
  ])('exits 2 with the usage for %j', async (args, message) => {
    await setup();
    const result = await runCli(['offsets', ...args], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('usage: conflux offsets');
  });

  it('exits 1 for a partition the topic lacks', async () => {
    await setup();
    const result = await runCli(
      ['offsets', 'reset', '--group', 'g', '--topic', 't', '--to-offset', '0', '--partition', '7'],
      {
        cwd,
      },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('topic t has no partition 7 (it has 2)');
  });
});

describeKafka('conflux offsets --brokers', (kafka) => {
  it('shows the lag of a group that never committed, then resets it to latest', { timeout: 60_000 }, async () => {
    cwd = mkdtempSync(join(tmpdir(), 'conflux-offsets-'));
    const topic = `o${process.pid}-${Date.now() % 1e8}`;
    await kafka.createTopic(topic, 4);
    const producer = await openProducer({ brokers: kafka.brokers() });
    await producer.send(topic, [
      { value: 'a', partition: 1 },
      { value: 'b', partition: 1 },
      { value: 'c', partition: 3 },
    ]);
    await producer.close();
    const flags = ['--group', `${topic}-g`, '--topic', topic, '--brokers', kafka.brokers().join(','), '--json'];
    const shown = await runCli(['offsets', 'show', ...flags], { cwd });
    expect(shown.code, shown.stderr).toBe(0);
    expect(json(shown.stdout).map((r) => [r.partition, r.committed, r.lag])).toEqual([
      [0, null, 0],
      [1, null, 2],
      [2, null, 0],
      [3, null, 1],
    ]);
    const reset = await runCli(['offsets', 'reset', ...flags, '--to-latest'], { cwd });
    expect(reset.code, reset.stderr).toBe(0);
    expect(json(reset.stdout).map((r) => r.to)).toEqual([0, 2, 0, 1]);
    const after = await runCli(['offsets', 'show', ...flags], { cwd });
    expect(json(after.stdout).map((r) => [r.committed, r.lag])).toEqual([
      [0, 0],
      [2, 0],
      [0, 0],
      [1, 0],
    ]);
  });
});
