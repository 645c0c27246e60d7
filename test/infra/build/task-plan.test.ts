import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatConfigPath } from '../../../bus/errors.js';
import { planTasks } from '../../../infra/build/task-plan.js';
import { checkConfigText } from '../../../infra/config/index.js';

const root = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

function plan(tasks: string, options: Partial<Parameters<typeof planTasks>[1]> = {}) {
  const checked = checkConfigText(`version: 1\ntasks:\n${tasks}`);
  if (!checked.ok) throw new Error(JSON.stringify(checked.issues));
  const result = planTasks(checked.config, { root, baseDir: root, ...options });
  const lines = (list: typeof result.issues) => list.map((i) => `${formatConfigPath(i.path)}: ${i.message}`);
  return { ...result, problems: lines(result.issues), warned: lines(result.warnings) };
}

describe('planTasks: the AWS trigger of each source type', () => {
  it('rabbitmq → an Amazon MQ event source mapping on the queue (and vhost), broker and secret from flags or parameters', () => {
    const tasks = `  - name: rmq
    source: { type: rabbitmq, url: "amqp://user:pw@127.0.0.1:5672/shop", queue: orders }
    sink: { type: stdout }
`;
    const byParams = plan(tasks);
    expect(byParams.problems).toEqual([]);
    const [fn] = byParams.functions;
    expect(fn?.events).toEqual([
      {
        rabbitmq: {
          arn: '${param:rabbitmqBrokerArn}',
          queue: 'orders',
          basicAuthArn: '${param:rabbitmqSecretArn}',
          virtualHost: 'shop',
        },
      },
    ]);
    expect(fn?.description).toBe('conflux task rmq: queue orders → stdout');
    expect(JSON.parse(fn!.environment!.CONFLUX_SOURCE!)).toEqual({
      type: 'rabbitmq',
      url: 'amqp://127.0.0.1:5672/shop',
      queue: 'orders',
      prefetch: 100,
    });
    expect(fn?.environment?.CONFLUX_TASK).toBe('rmq');
    const byFlags = plan(tasks, { rabbitmq: { brokerArn: 'arn:b', basicAuthArn: 'arn:s' } });
    expect(byFlags.functions[0]?.events?.[0]).toMatchObject({ rabbitmq: { arn: 'arn:b', basicAuthArn: 'arn:s' } });
  });

  it('http → a route of the HTTP API on its path, any method (the function answers 405 as the emulator does)', () => {
    const { functions, problems } = plan(`  - name: hook
    source: { type: http, methods: [POST, PUT], token: s3cret }
    sink: { type: stdout }
  - name: orders
    source: { type: http, path: /hooks/orders }
    sink: { type: stdout }
`);
    expect(problems).toEqual([]);
    expect(functions.map((fn) => fn.events)).toEqual([
      [{ httpApi: { method: '*', path: '/sources/hook' } }],
      [{ httpApi: { method: '*', path: '/hooks/orders' } }],
    ]);
    expect(JSON.parse(functions[0]!.environment!.CONFLUX_SOURCE!)).toEqual({
      type: 'http',
      methods: ['POST', 'PUT'],
      dropHeaders: [],
      token: 's3cret',
    });
    expect(functions[0]?.description).toBe('conflux task hook: POST|PUT /sources/hook → stdout');
  });

  it('mqtt → an IoT rule selecting the exact payload with its topic, time and trace id', () => {
    const { functions, warned } = plan(`  - name: devices
    source: { type: mqtt, topic: "devices/+/telemetry" }
    sink: { type: stdout }
`);
    expect(warned).toEqual([]);
    expect(functions[0]?.events).toEqual([
      {
        iot: {
          sql: "SELECT encode(*, 'base64') AS payload, topic() AS topic, timestamp() AS receivedAt, traceid() AS id FROM 'devices/+/telemetry'",
          sqlVersion: '2016-03-23',
        },
      },
    ]);
    expect(JSON.parse(functions[0]!.environment!.CONFLUX_SOURCE!)).toMatchObject({
      type: 'mqtt',
      topic: 'devices/+/telemetry',
    });
  });

  it('refuses NATS, a topic an IoT rule cannot hold and two HTTP tasks on one path, naming each', () => {
    const { problems, functions } = plan(`  - name: n
    source: { type: nats, subject: orders }
    sink: { type: stdout }
  - name: quoted
    source: { type: mqtt, topic: "it's/#" }
    sink: { type: stdout }
  - name: a
    source: { type: http, path: /h }
    sink: { type: stdout }
  - name: b
    source: { type: http, path: /h }
    sink: { type: stdout }
`);
    expect(problems).toEqual([
      'tasks[0].source.type: nats sources cannot be deployed: AWS has no NATS trigger for Lambda; run this task with `conflux run`, or bridge the subject to Kafka, RabbitMQ or MQTT',
      "tasks[1].source.topic: cannot be deployed: an IoT rule's topic filter cannot hold '",
      "tasks[3].source.path: /h is tasks[2]'s path already",
    ]);
    expect(functions.map((fn) => fn.name)).toEqual(['a']);
  });

  it('warns about what the trigger does not tell or use, and about settings that stay local', () => {
    const { warned } = plan(`  - name: rmq
    source: { type: rabbitmq, url: "amqps://b-1.mq.us-east-1.amazonaws.com:5671", queue: orders }
    filter: { data: { envelope: { routingKey: [orders.paid] } } }
    sink: { type: stdout }
    concurrency: 4
  - name: devices
    source: { type: mqtt, url: "mqtts://broker.example:8883", topic: "d/#", clientId: c1 }
    transform: { form: JSONPATH, value: $.data.props.qos }
    sink: { type: stdout }
    errors: { tolerance: ALL, deadLetter: { type: kafka, topic: dlq } }
`);
    expect(warned).toEqual([
      'tasks[0].concurrency: not deployed: Lambda runs one invocation per Amazon MQ event source mapping at a time',
      'tasks[0].source.url: deployed, only its vhost is used: the broker is the one --rabbitmq-broker (or the rabbitmqBrokerArn parameter) names',
      "tasks[0].filter: names routingKey, which Lambda's RabbitMQ event does not carry (deployed, data.envelope holds redeliver only)",
      'tasks[1].errors.deadLetter: not deployed: Lambda retries a failed message twice, then drops it; set an on-failure destination for asynchronous invocation instead',
      "tasks[1].source.url: not deployed: the messages come from the account's AWS IoT Core broker",
      'tasks[1].source.clientId: not deployed: an IoT rule receives the messages, not a client',
      'tasks[1].transform: names qos, which an AWS IoT rule does not tell (deployed, data.props holds topic only)',
    ]);
  });

  it('lets an eventbridge sink put events on its bus, and nothing more', () => {
    const { functions } = plan(`  - name: to-bus
    source: { type: http }
    sink: { type: eventbridge, eventBusName: orders, region: eu-west-1, source: shop, detailType: OrderPaid }
  - name: to-arn
    source: { type: http }
    sink: { type: eventbridge, eventBusName: "arn:aws:events:us-east-1:123456789012:event-bus/x", source: s, detailType: d }
  - name: to-stdout
    source: { type: http }
    sink: { type: stdout }
`);
    expect(functions.map((fn) => fn.iamStatements)).toEqual([
      [
        {
          Effect: 'Allow',
          Action: ['events:PutEvents'],
          Resource: [
            {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':events:eu-west-1:',
                  { Ref: 'AWS::AccountId' },
                  ':event-bus/orders',
                ],
              ],
            },
          ],
        },
      ],
      [
        {
          Effect: 'Allow',
          Action: ['events:PutEvents'],
          Resource: ['arn:aws:events:us-east-1:123456789012:event-bus/x'],
        },
      ],
      undefined,
    ]);
  });
});
