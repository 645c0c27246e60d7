import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateConfig } from '../../../infra/config/index.js';
import { runCli } from '../../helpers/cli.js';

let dir: string;

/** A stream as GetEventStreaming answers it (RPC style, under Data). */
const stream = {
  RequestId: 'x',
  Data: {
    EventStreamingName: 'orders-paid',
    Description: 'paid orders',
    Source: {
      SourceKafkaParameters: {
        InstanceId: 'alikafka_prod',
        Topic: 'orders',
        ConsumerGroup: 'GID_paid',
        OffsetReset: 'earliest',
      },
    },
    FilterPattern: '{"data":{"value":{"status":["paid"]}}}',
    Sink: {
      SinkKafkaParameters: {
        Topic: { Form: 'CONSTANT', Value: 'paid' },
        Value: { Form: 'TEMPLATE', Value: '{"id":"$.data.value.id"}', Template: 'order ${id}' },
      },
    },
    RunOptions: {
      MaximumTasks: 4,
      ErrorsTolerance: 'ALL',
      RetryStrategy: { PushRetryStrategy: 'EXPONENTIAL_DECAY_RETRY' },
    },
    Status: 'RUNNING',
  },
};

/** The same stream as Terraform's resource attributes (objects as JSON text). */
const terraform = {
  event_streaming_name: 'orders-copy',
  source: JSON.stringify({ SourceKafkaParameters: { Topic: 'orders', ConsumerGroup: 'GID_copy' } }),
  filter_pattern: '{}',
  sink: JSON.stringify({ SinkFcParameters: { FunctionName: { Form: 'CONSTANT', Value: 'h.mjs#handler' } } }),
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'conflux-convert-'));
  const files: Record<string, string> = {
    'stream.json': JSON.stringify(stream),
    'terraform.json': JSON.stringify({ resource: { alicloud_event_bridge_event_streaming: { copy: terraform } } }),
    'mns.json': JSON.stringify({
      EventStreamingName: 'm',
      Source: { SourceMNSParameters: { QueueName: 'q' } },
      Sink: {},
    }),
    'bad-template.json': JSON.stringify({
      ...stream.Data,
      Sink: {
        SinkKafkaParameters: {
          Topic: { Form: 'CONSTANT', Value: 'p' },
          // longer than ApsaraMQ's 10,240 characters (an undeclared ${x} is fine in Alibaba's dialect)
          Value: { Form: 'TEMPLATE', Value: '{}', Template: 'x'.repeat(10_241) },
        },
      },
    }),
    'h.mjs': 'export async function handler() {}\n',
    'conflux.yaml': `version: 1
kafkaClusters: { prod: { brokers: ["10.0.0.1:9092"] } }
tasks:
  - name: to-kafka
    source: { type: kafka, topic: orders, brokers: ["10.0.0.1:9092"], offset: earliest }
    filter: { data: { value: { n: [1] } } }
    transform: { form: JSONPATH, value: $.data.value }
    sink: { type: kafka, topic: out }
    concurrency: 2
  - name: to-http
    source: { type: kafka, topic: orders }
    transform: { form: JSONATA, expression: "data.value" }
    sink: { type: http, url: "http://127.0.0.1:1/x" }
    errors: { deadLetter: { type: file, path: dlq.jsonl } }
`,
  };
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
});

describe('conflux convert --from alibaba', () => {
  it('writes a GetEventStreaming answer as a conflux.yaml, InstanceId resolved by --cluster', async () => {
    const out = await runCli(
      ['convert', '--from', 'alibaba', 'stream.json', '--cluster', 'alikafka_prod=10.0.0.1:9092,10.0.0.2:9092'],
      { cwd: dir },
    );
    expect([out.code, out.stderr]).toEqual([0, '']);
    const config = parse(out.stdout) as Record<string, unknown>;
    expect(config).toEqual({
      version: 1,
      kafkaClusters: { alikafka_prod: { brokers: ['10.0.0.1:9092', '10.0.0.2:9092'] } },
      tasks: [
        {
          name: 'orders-paid',
          description: 'paid orders',
          dialect: 'alibaba',
          source: {
            type: 'kafka',
            topic: 'orders',
            brokers: ['10.0.0.1:9092', '10.0.0.2:9092'],
            consumerGroup: 'GID_paid',
            offset: 'earliest',
          },
          filter: { data: { value: { status: ['paid'] } } },
          transform: { form: 'TEMPLATE', value: { id: '$.data.value.id' }, template: 'order ${id}' },
          sink: { type: 'kafka', topic: 'paid' },
          concurrency: 4,
          retry: { policy: 'EXPONENTIAL_DECAY_RETRY' },
          errors: { tolerance: 'ALL' },
        },
      ],
    });
    expect(validateConfig(config).ok).toBe(true);
  });

  it("reads Terraform's .tf.json resources (objects as JSON text)", async () => {
    const out = await runCli(['convert', '--from', 'alibaba', 'terraform.json'], { cwd: dir });
    expect(out.code).toBe(0);
    expect((parse(out.stdout) as { tasks: unknown[] }).tasks).toEqual([
      expect.objectContaining({ name: 'orders-copy', sink: { type: 'function', handler: 'h.mjs#handler' } }),
    ]);
  });

  it('refuses what conflux cannot run, naming the field, exit 2', async () => {
    const unknownCluster = await runCli(['convert', '--from', 'alibaba', 'stream.json'], { cwd: dir });
    expect(unknownCluster.code).toBe(2);
    expect(unknownCluster.stderr).toMatch(
      /^Source\.SourceKafkaParameters\.InstanceId: no Kafka cluster "alikafka_prod"/,
    );
    const mns = await runCli(['convert', '--from', 'alibaba', 'mns.json'], { cwd: dir });
    expect([mns.code, mns.stderr]).toEqual([
      2,
      expect.stringMatching(/^Source\.SourceMNSParameters: this source is not supported by conflux/),
    ]);
    const template = await runCli(
      ['convert', '--from', 'alibaba', 'bad-template.json', '--cluster', 'alikafka_prod=h:1'],
      { cwd: dir },
    );
    expect([template.code, template.stderr]).toEqual([
      2,
      expect.stringMatching(/^Sink\.SinkKafkaParameters\.Value\.Template: /),
    ]);
  });
});

describe('conflux convert --to alibaba', () => {
  it('writes a task as CreateEventStreaming parameters, InstanceId from kafkaClusters', async () => {
    const out = await runCli(['convert', '--to', 'alibaba', 'conflux.yaml', '--task', 'to-kafka'], { cwd: dir });
    expect([out.code, out.stderr]).toEqual([0, '']);
    expect(JSON.parse(out.stdout)).toMatchObject({
      EventStreamingName: 'to-kafka',
      Source: {
        SourceKafkaParameters: {
          InstanceId: 'prod',
          Topic: 'orders',
          OffsetReset: 'earliest',
          ConsumerGroup: 'GID_conflux_to-kafka',
        },
      },
      FilterPattern: '{"data":{"value":{"n":[1]}}}',
      Sink: {
        SinkKafkaParameters: {
          Topic: { Form: 'CONSTANT', Value: 'out' },
          Value: { Form: 'JSONPATH', Value: '$.data.value' },
        },
      },
      RunOptions: { MaximumTasks: 2, ErrorsTolerance: 'ALL', RetryStrategy: { PushRetryStrategy: 'BACKOFF_RETRY' } },
    });
  });

  it('refuses what has no Alibaba equivalent, one `path: reason` line each, exit 2', async () => {
    const out = await runCli(['convert', '--to', 'alibaba', 'conflux.yaml'], { cwd: dir });
    expect(out.code).toBe(2);
    expect(out.stderr.trim().split('\n')).toEqual([
      'tasks[1].transform: a JSONATA transform has no Alibaba equivalent (ORIGINAL, JSONPATH, CONSTANT, TEMPLATE)',
      "tasks[1].sink: a http sink has no Alibaba equivalent (conflux maps Alibaba's Kafka, FC and RabbitMQ sinks)",
      "tasks[1].errors.deadLetter: Alibaba's DeadLetterQueue is a queue ARN: conflux maps a Kafka topic (of kafkaClusters or the embedded bus) only",
    ]);
    expect(out.stdout).toBe('');
  });

  it('takes neither both directions nor another cloud', async () => {
    expect((await runCli(['convert', '--from', 'aws', 'x.json'], { cwd: dir })).code).not.toBe(0);
    expect((await runCli(['convert', '--from', 'alibaba', '--to', 'alibaba', 'x'], { cwd: dir })).code).not.toBe(0);
  });
});
