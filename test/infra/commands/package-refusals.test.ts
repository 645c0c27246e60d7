import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { project } from './package-project.js';

describe('conflux package FILE: what cannot be deployed', () => {
  it('names each problem by its path in conflux.yaml, exit 2', async () => {
    const dir = project(`version: 1
tasks:
  - name: embedded
    source: { type: kafka, topic: orders }
    sink: { type: stdout }
  - name: target-on-embedded-bus
    source: { type: kafka, topic: orders, brokers: ["b:9092"] }
    sink: { type: kafka, topic: copy }
  - name: relative
    source: { type: kafka, topic: orders, brokers: ["b:9092"] }
    sink: { type: file, path: out.jsonl }
    concurrency: 4
  - name: from-nats
    source: { type: nats, subject: orders }
    sink: { type: stdout }
  - name: from-logs
    source: { type: file-tail, paths: ["logs/*.log"] }
    sink: { type: stdout }
`);
    const result = await runCli(['package', 'conflux.yaml'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('tasks[0].source.brokers: required to deploy');
    expect(result.stderr).toContain('tasks[1].sink.brokers: required to deploy');
    expect(result.stderr).toContain('tasks[2].concurrency: warning: not deployed');
    expect(result.stderr).toContain('tasks[2].sink.path: warning: relative to the function');
    expect(result.stderr).toContain('tasks[3].source.type: nats sources cannot be deployed: AWS has no NATS trigger');
    expect(result.stderr).toContain(
      'tasks[4].source.type: file-tail sources cannot be deployed: a Lambda function has no files',
    );
    expect(existsSync(join(dir, 'deploy'))).toBe(false);
  });

  it('refuses settings the Serverless Framework would resolve as its own variables', async () => {
    const dir = project(`version: 1
tasks:
  - name: t
    source: { type: kafka, topic: o, brokers: ["b:9092"] }
    transform: { form: CONSTANT, value: "home is \${env:HOME}" }
    sink: { type: stdout }
  - name: h
    source: { type: http, token: "\${ssm:/hook/token}" }
    sink: { type: stdout }
`);
    const result = await runCli(['package', 'conflux.yaml'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'tasks[0].transform: holds ${source:…}, which the Serverless Framework would replace',
    );
    expect(result.stderr).toContain('tasks[1].source: holds ${source:…}, which the Serverless Framework would replace');
  });

  it('reports an invalid config as validate does, and refuses contradicting flags', async () => {
    const dir = project(
      'version: 1\ntasks:\n  - name: t\n    source: { type: kafka, topic: o }\n    sink: { type: fil }\n',
    );
    const result = await runCli(['package', 'conflux.yaml'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('tasks[0].sink.type: unknown sink type "fil"');
    expect((await runCli(['package', 'conflux.yaml', '--msk', 'a', '--kafka-secret', 'b'], { cwd: dir })).code).toBe(2);
    expect((await runCli(['package', '--out', 'x'], { cwd: dir })).stderr).toContain('--out needs a FILE');
    expect((await runCli(['package', '--rabbitmq-broker', 'x'], { cwd: dir })).stderr).toContain(
      '--rabbitmq-broker needs a FILE',
    );
  });
});
