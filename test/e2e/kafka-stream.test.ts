import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeKafka } from '../helpers/kafka-under-test.js';
import { runCliProcess, spawnCli, waitFor } from '../helpers/process.js';

describeKafka('a stream from Kafka to a file', (kafka) => {
  it('consumes through kafkajs when the source names brokers, and delivers the matching events', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conflux-kafka-e2e-'));
    const topic = `orders-${process.pid}`;
    await writeFile(
      join(dir, 'conflux.yaml'),
      `version: 1
tasks:
  - name: kafka-to-file
    source: { type: kafka, topic: ${topic}, brokers: ${JSON.stringify(kafka.brokers())}, offset: earliest }
    filter: { data: { value: { n: [{ numeric: [">=", 50] }] } } }
    transform: { form: JSONPATH, value: $.data.value.n }
    sink: { type: file, path: out.txt }
`,
    );
    const lines = Array.from({ length: 100 }, (_, n) => JSON.stringify({ id: `k${n % 7}`, n })).join('\n');
    const produced = await runCliProcess(
      ['produce', '--topic', topic, '--key', '$.id', '--brokers', kafka.brokers().join(',')],
      {
        cwd: dir,
        stdin: lines,
      },
    );
    expect(produced.code, produced.stderr).toBe(0);
    const run = spawnCli(['run', 'conflux.yaml', '--port', '0'], { cwd: dir });
    const read = async () => (await readFile(join(dir, 'out.txt'), 'utf8').catch(() => '')).split('\n').filter(Boolean);
    try {
      await waitFor(async () => (await read()).length >= 50, '50 delivered lines', 45_000);
    } finally {
      run.child.kill('SIGINT');
      await run.exited;
    }
    const got = (await read()).map(Number);
    expect(got.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => 50 + i));
  }, 60_000);
});
