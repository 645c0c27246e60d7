import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, inject, it } from 'vitest';
import { parseKafkaArgs } from '../../../infra/kafka/main.js';
import { nodeProperties } from '../../../infra/kafka/node-config.js';

const script = fileURLToPath(new URL('../../../bin/kafka.mjs', import.meta.url));

const properties = (text: string) =>
  Object.fromEntries(
    text
      .trim()
      .split('\n')
      .map((line) => line.split(/=(.*)/s, 2)),
  );

describe('npm run kafka: flags', () => {
  it('takes --brokers 1|3, --data-dir, --exit-with, --fetch-only and names a bad flag', () => {
    expect(parseKafkaArgs([])).toEqual({ nodes: 1, fetchOnly: false, connect: false });
    expect(parseKafkaArgs(['--brokers', '3', '--data-dir', 'd', '--exit-with', '42'])).toMatchObject({
      nodes: 3,
      dir: 'd',
      exitWith: 42,
    });
    expect(() => parseKafkaArgs(['--brokers', '2'])).toThrow('--brokers: expected 1 or 3, got 2');
    expect(() => parseKafkaArgs(['--exit-with', 'x'])).toThrow('--exit-with: expected a process id, got x');
    expect(() => parseKafkaArgs(['--data-dir'])).toThrow('--data-dir: expected a folder');
    expect(() => parseKafkaArgs(['--port', '1'])).toThrow('unknown flag --port');
  });

  it('configures three nodes with replication 3 and min.insync.replicas 2, one node with 1 and 1', () => {
    const nodes = [1, 2, 3].map((id) => ({ id, port: 9000 + id, controllerPort: 9100 + id, dir: `/d/${id}` }));
    const three = properties(nodeProperties(nodes[1]!, nodes));
    expect(three).toMatchObject({
      'node.id': '2',
      'process.roles': 'broker,controller',
      'controller.quorum.voters': '1@127.0.0.1:9101,2@127.0.0.1:9102,3@127.0.0.1:9103',
      listeners: 'PLAINTEXT://127.0.0.1:9002,CONTROLLER://127.0.0.1:9102',
      'default.replication.factor': '3',
      'min.insync.replicas': '2',
      'offsets.topic.replication.factor': '3',
      'transaction.state.log.min.isr': '2',
      'log.dirs': '/d/2/data',
    });
    const one = properties(nodeProperties(nodes[0]!, [nodes[0]!]));
    expect(one).toMatchObject({ 'default.replication.factor': '1', 'min.insync.replicas': '1' });
  });
});

describe.skipIf(inject('realKafkaSkip') !== '')('npm run kafka: a real broker', () => {
  it('prints bootstrap= once it serves, and on SIGTERM stops its broker and exits 0', {
    timeout: 120_000,
  }, async () => {
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    let out = '';
    const bootstrap = await new Promise<string[]>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /^bootstrap=(\S+)$/m.exec(out);
        if (match) resolve(match[1]!.split(','));
      });
      void exited.then((code) => reject(new Error(`npm run kafka exited ${code}: ${out}`)));
    });
    expect(bootstrap).toHaveLength(1);
    expect(bootstrap[0]).toMatch(/^127\.0\.0\.1:\d+$/);
    const admin = new Kafka({ clientId: 'script-test', brokers: bootstrap, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    expect((await admin.describeCluster()).brokers).toHaveLength(1);
    await admin.disconnect();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const [host, port] = bootstrap[0]!.split(':');
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect(Number(port), host!);
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(true));
    });
    expect(refused).toBe(true);
  });
});
