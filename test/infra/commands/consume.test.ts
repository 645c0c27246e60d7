import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openEmbeddedLog } from '../../../bus/log/embedded/embedded.js';
import { runCli } from '../../helpers/cli.js';
import { describeKafka } from '../../helpers/kafka-under-test.js';

let cwd = '';
afterEach(() => rmSync(cwd, { recursive: true, force: true }));
const setup = () => {
  cwd = mkdtempSync(join(tmpdir(), 'conflux-consume-'));
};

const lines = (stdout: string) =>
  stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { partition: number; offset: number; key: string | null; value: unknown });

describe('conflux consume (embedded bus)', () => {
  it('prints what produce appended, one JSON line each, value parsed, and exits at the end', async () => {
    setup();
    await runCli(['produce', '--topic', 't', '--key', '$.k'], { stdin: '{"k":"a","n":1}\n{"k":"a","n":2}\n', cwd });
    const log = await openEmbeddedLog(join(cwd, '.conflux'));
    await log.append('t', [{ value: 'not json', partition: 3, headers: { h: '1' }, timestamp: 5 }]);
    await log.close();
    const result = await runCli(['consume', '--topic', 't'], { cwd });
    expect(result.code).toBe(0);
    const out = lines(result.stdout);
    expect(out.filter((l) => l.key === 'a').map((l) => l.value)).toEqual([
      { k: 'a', n: 1 },
      { k: 'a', n: 2 },
    ]);
    expect(out.find((l) => l.partition === 3)).toEqual({
      topic: 't',
      partition: 3,
      offset: 0,
      timestamp: 5,
      key: null,
      value: 'not json',
      headers: { h: '1' },
    });
  });

  it('with --group resumes after what it printed; a new group without --from-beginning starts at the end', async () => {
    setup();
    const input = Array.from({ length: 5 }, (_, i) => JSON.stringify({ i })).join('\n');
    await runCli(['produce', '--topic', 't', '--partitions', '1'], { stdin: input, cwd });
    const first = await runCli(['consume', '--topic', 't', '--group', 'g', '--from-beginning', '--max', '3'], { cwd });
    expect(lines(first.stdout).map((l) => l.value)).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }]);
    const rest = await runCli(['consume', '--topic', 't', '--group', 'g'], { cwd });
    expect(lines(rest.stdout).map((l) => l.value)).toEqual([{ i: 3 }, { i: 4 }]);
    expect((await runCli(['consume', '--topic', 't', '--group', 'g'], { cwd })).stdout).toBe('');
    expect((await runCli(['consume', '--topic', 't', '--group', 'fresh'], { cwd })).stdout).toBe('');
  });

  it('--follow waits for records appended later, until --max', async () => {
    setup();
    const following = runCli(['consume', '--topic', 't', '--follow', '--max', '2'], { cwd });
    const log = await openEmbeddedLog(join(cwd, '.conflux'));
    await log.append('t', [{ value: '"one"' }]);
    await log.append('t', [{ value: '"two"' }]);
    await log.close();
    const result = await following;
    expect(
      lines(result.stdout)
        .map((l) => l.value)
        .sort(),
    ).toEqual(['one', 'two']);
  });

  it('rejects a bad --max', async () => {
    setup();
    expect((await runCli(['consume', '--topic', 't', '--max', '0'], { cwd })).code).toBe(2);
  });
});

describeKafka('conflux produce / consume --brokers', (kafka) => {
  it('round-trips JSON lines through Kafka', { timeout: 60_000 }, async () => {
    setup();
    const brokers = kafka.brokers().join(',');
    const topic = `cli-${process.pid}-${Date.now() % 1e6}`;
    const input = Array.from({ length: 6 }, (_, i) => JSON.stringify({ id: `k${i % 2}`, i })).join('\n');
    const produced = await runCli(['produce', '--topic', topic, '--key', '$.id', '--brokers', brokers], {
      stdin: input,
      cwd,
    });
    expect(produced).toMatchObject({ code: 0, stderr: `produced 6 records to ${topic}\n` });
    const result = await runCli(['consume', '--topic', topic, '--brokers', brokers], { cwd });
    expect(result.code).toBe(0);
    const out = lines(result.stdout);
    expect(out).toHaveLength(6);
    for (const key of ['k0', 'k1']) {
      expect(out.filter((l) => l.key === key).map((l) => (l.value as { i: number }).i)).toEqual(
        key === 'k0' ? [0, 2, 4] : [1, 3, 5],
      );
    }
  });
});
