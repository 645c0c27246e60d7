import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import amqp from 'amqplib';
import { afterEach, describe, expect, it } from 'vitest';
import { type CliProcess, spawnCli, waitFor } from '../helpers/process.js';

const URL = 'amqp://guest:guest@127.0.0.1:5672';

describe('a RabbitMQ queue as a task source, through conflux run', () => {
  let running: CliProcess | undefined;
  let queue: string | undefined;
  afterEach(async () => {
    running?.child.kill('SIGKILL');
    running = undefined;
    if (queue === undefined) return;
    const connection = await amqp.connect(URL);
    const channel = await connection.createChannel();
    await channel.deleteQueue(queue);
    await connection.close();
  });

  it('delivers every message to the file sink in order and leaves the queue empty (acked only after delivery)', async () => {
    queue = `conflux-e2e-${process.pid}-${Date.now()}`;
    const connection = await amqp.connect(URL);
    const channel = await connection.createConfirmChannel();
    await channel.assertQueue(queue, { durable: false });
    for (let seq = 0; seq < 300; seq++) channel.sendToQueue(queue, Buffer.from(JSON.stringify({ seq })));
    await channel.waitForConfirms();
    const dir = await mkdtemp(join(tmpdir(), 'conflux-rabbit-e2e-'));
    await writeFile(
      join(dir, 'conflux.yaml'),
      `version: 1
tasks:
  - name: queue-to-file
    source: { type: rabbitmq, url: "${URL}", queue: ${queue}, prefetch: 50 }
    filter: { data: { body: { seq: [{ numeric: [">=", 100] }] } } }
    transform: { form: JSONPATH, value: $.data.body.seq }
    sink: { type: file, path: out.txt }
`,
    );
    running = spawnCli(['run', 'conflux.yaml', '--port', '0'], { cwd: dir });
    const lines = async () =>
      (await readFile(join(dir, 'out.txt'), 'utf8').catch(() => '')).split('\n').filter(Boolean);
    await waitFor(async () => (await lines()).length >= 200, '200 delivered lines');
    await waitFor(async () => (await channel.checkQueue(queue!)).messageCount === 0, 'the queue drained');
    running.child.kill('SIGINT');
    expect(await running.exited).toBe(0);
    expect(await lines()).toEqual(Array.from({ length: 200 }, (_, i) => String(100 + i)));
    const after = await channel.checkQueue(queue);
    expect(after.messageCount).toBe(0);
    await connection.close();
  });
});
