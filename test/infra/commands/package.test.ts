import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../../helpers/cli.js';
import { type Fn, project } from './package-project.js';

const run = promisify(execFile);

const CONFIG = `version: 1
tasks:
  - name: paid-orders-to-file
    source: { type: kafka, topic: orders, brokers: ["b-1.example:9092", "b-2.example:9092"], offset: earliest }
    filter: { data: { value: { status: [paid] } } }
    transform: { form: TEMPLATE, value: { id: $.data.value.id }, template: "paid \${id}" }
    sink: { type: file, path: /tmp/paid.jsonl }
  - name: shout
    source: { type: kafka, topic: orders, brokers: ["b-1.example:9092"], consumerGroup: GID_shout, valueFormat: json }
    transform: { form: FUNCTION, handler: "handlers/shout.mjs#shout" }
    sink: { type: stdout }
  - name: copy-out
    source: { type: kafka, topic: orders, brokers: ["b-1.example:9092"] }
    sink: { type: kafka, topic: orders-copy, brokers: ["c-1.example:9092"], key: $.data.key }
`;

describe('conflux package FILE', () => {
  const dir = project(CONFIG);

  it('writes one function per task: its sink bundle, its settings, its Kafka event source', async () => {
    const result = await runCli(['package', 'conflux.yaml', '--out', 'deploy'], { cwd: dir });
    expect(result.stderr).not.toMatch(/tasks\[/); // no problems, no warnings
    expect(result.code).toBe(0);
    const yml = parse(readFileSync(join(dir, 'deploy/serverless.yml'), 'utf8')) as { functions: Record<string, Fn> };
    expect(Object.keys(yml.functions)).toEqual(['paid-orders-to-file', 'shout', 'copy-out']);
    const paid = yml.functions['paid-orders-to-file']!;
    expect(paid.package.artifact).toBe('artifacts/paid-orders-to-file.zip');
    expect(paid.environment).toEqual({
      CONFLUX_SINK: '{"type":"file","path":"/tmp/paid.jsonl"}',
      CONFLUX_TRANSFORM: JSON.stringify({ form: 'TEMPLATE', value: { id: '$.data.value.id' }, template: 'paid ${id}' }),
      CONFLUX_FILTER: '{"data":{"value":{"status":["paid"]}}}',
    });
    expect(paid.events).toEqual([
      {
        kafka: {
          accessConfigurations: { saslScram512Auth: ['${param:kafkaSecretArn}'] },
          bootstrapServers: ['b-1.example:9092', 'b-2.example:9092'],
          topic: 'orders',
          consumerGroupId: 'GID_conflux_paid-orders-to-file',
          startingPosition: 'TRIM_HORIZON',
        },
      },
    ]);
    expect(yml.functions.shout!.events[0]!.kafka).toMatchObject({
      consumerGroupId: 'GID_shout',
      startingPosition: 'LATEST',
    });
    expect(yml.functions.shout!.environment.CONFLUX_VALUE_FORMAT).toBe('json');
    expect(JSON.parse(yml.functions['copy-out']!.environment.CONFLUX_SINK!)).toEqual({
      type: 'kafka',
      topic: 'orders-copy',
      brokers: ['c-1.example:9092'],
      key: { form: 'JSONPATH', value: '$.data.key' },
      acks: 'all',
      compression: 'none',
    });
    for (const name of Object.keys(yml.functions))
      expect(existsSync(join(dir, 'deploy/artifacts', `${name}.zip`))).toBe(true);
  }, 120_000);

  it("packs a FUNCTION transform's handler into its task's zip, which then runs alone with the task's environment", async () => {
    const yml = parse(readFileSync(join(dir, 'deploy/serverless.yml'), 'utf8')) as { functions: Record<string, Fn> };
    const app = mkdtempSync(join(tmpdir(), 'conflux-task-zip-'));
    await run('unzip', ['-q', join(dir, 'deploy/artifacts/shout.zip'), '-d', app]);
    expect(existsSync(join(app, 'handlers/shout.mjs'))).toBe(true);
    writeFileSync(
      join(app, 'invoke.mjs'),
      "import { handler } from './index.mjs';\nconst r = await handler(JSON.parse(process.argv[2]));\nprocess.stderr.write(JSON.stringify(r));\nprocess.exit(0);\n",
    );
    const value = Buffer.from('{"id":"ord-7"}').toString('base64');
    const event = {
      eventSource: 'SelfManagedKafka',
      records: { 'orders-2': [{ topic: 'orders', partition: 2, offset: 4, timestamp: 1, value }] },
    };
    const { stdout, stderr } = await run(process.execPath, ['invoke.mjs', JSON.stringify(event)], {
      cwd: app,
      env: { PATH: process.env.PATH, LAMBDA_TASK_ROOT: app, ...yml.functions.shout!.environment },
    });
    expect(stdout).toBe('ORD-7\n');
    expect(JSON.parse(stderr)).toEqual({ batchItemFailures: [], delivered: 1, filtered: 0 });
  }, 60_000);

  it('uses msk event sources with --msk, and `serverless package` accepts the result with --sls', async () => {
    const arn = 'arn:aws:kafka:us-east-1:123456789012:cluster/orders/751d2973-a626-431c-9d4e-d7975eb44dd7-2';
    const result = await runCli(['package', 'conflux.yaml', '--out', 'msk', '--msk', arn, '--sls'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Service packaged');
    const yml = parse(readFileSync(join(dir, 'msk/serverless.yml'), 'utf8')) as { functions: Record<string, Fn> };
    expect(yml.functions.shout!.events).toEqual([
      { msk: { arn, topic: 'orders', consumerGroupId: 'GID_shout', startingPosition: 'LATEST' } },
    ]);
    const text = readFileSync(join(dir, 'msk/.serverless/cloudformation-template-update-stack.json'), 'utf8');
    expect(text.match(/"AWS::Lambda::EventSourceMapping"/g)).toHaveLength(3);
    // The Framework passes every setting through as written (a TEMPLATE's \${id} is not one of its variables).
    const template = JSON.parse(text) as {
      Resources: Record<string, { Type: string; Properties: { Environment?: unknown } }>;
    };
    const deployed = Object.values(template.Resources)
      .filter((r) => r.Type === 'AWS::Lambda::Function')
      .map((r) => JSON.stringify(r.Properties.Environment));
    const written = Object.values(yml.functions).map((fn) => JSON.stringify({ Variables: fn.environment }));
    expect(deployed.sort()).toEqual(written.sort());
  }, 120_000);
});

const SOURCES = `version: 1
tasks:
  - name: orders-queue
    source: { type: rabbitmq, url: "amqp://127.0.0.1:5672/shop", queue: orders }
    sink: { type: eventbridge, eventBusName: orders, source: shop, detailType: OrderQueued }
  - name: orders-hook
    source: { type: http, path: /hooks/orders, methods: [POST, PUT], token: s3cret }
    filter: { data: { body: { status: [paid] } } }
    transform: { form: JSONPATH, value: $.data.body.id }
    sink: { type: stdout }
  - name: telemetry
    source: { type: mqtt, topic: "devices/+/telemetry" }
    sink: { type: stdout }
`;

describe('conflux package FILE: RabbitMQ, HTTP and MQTT sources', () => {
  const dir = project(SOURCES);

  it('writes an Amazon MQ mapping, an HTTP API route and an IoT rule, which `serverless package` accepts', async () => {
    const result = await runCli(['package', 'conflux.yaml', '--out', 'deploy', '--sls'], { cwd: dir });
    expect(result.stderr).not.toMatch(/tasks\[/);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Service packaged');
    const text = readFileSync(join(dir, 'deploy/serverless.yml'), 'utf8');
    expect(text).toContain(
      'npx serverless deploy --param="rabbitmqBrokerArn=arn:aws:mq:…" --param="rabbitmqSecretArn=arn:aws:secretsmanager:…"',
    );
    const yml = parse(text) as {
      functions: Record<string, Fn>;
      provider: { iam: { role: { statements: { Action: string[] }[] } } };
    };
    expect(yml.functions['orders-queue']!.events).toEqual([
      {
        rabbitmq: {
          arn: '${param:rabbitmqBrokerArn}',
          queue: 'orders',
          basicAuthArn: '${param:rabbitmqSecretArn}',
          virtualHost: 'shop',
        },
      },
    ]);
    expect(yml.functions['orders-hook']!.events).toEqual([{ httpApi: { method: '*', path: '/hooks/orders' } }]);
    expect(yml.functions.telemetry!.events[0]!.iot).toMatchObject({ sqlVersion: '2016-03-23' });
    expect(yml.provider.iam.role.statements.map((s) => s.Action)).toEqual([['events:PutEvents']]);

    const template = JSON.parse(
      readFileSync(join(dir, 'deploy/.serverless/cloudformation-template-update-stack.json'), 'utf8'),
    ) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
    const resources = Object.values(template.Resources);
    const ofType = (type: string) => resources.filter((r) => r.Type === type).map((r) => r.Properties);
    const [mapping] = ofType('AWS::Lambda::EventSourceMapping');
    expect(mapping).toMatchObject({
      EventSourceArn: 'arn:aws:mq:us-east-1:000000000000:broker:conflux:b-00000000-0000-0000-0000-000000000000',
      Queues: ['orders'],
      SourceAccessConfigurations: [
        { Type: 'BASIC_AUTH', URI: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:conflux-rabbitmq' },
        { Type: 'VIRTUAL_HOST', URI: 'shop' },
      ],
    });
    expect(ofType('AWS::ApiGatewayV2::Route').map((r) => r.RouteKey)).toEqual(['ANY /hooks/orders']);
    expect(ofType('AWS::ApiGatewayV2::Integration')).toMatchObject([{ PayloadFormatVersion: '2.0' }]);
    expect(ofType('AWS::IoT::TopicRule')).toMatchObject([
      {
        TopicRulePayload: {
          Sql: "SELECT encode(*, 'base64') AS payload, topic() AS topic, timestamp() AS receivedAt, traceid() AS id FROM 'devices/+/telemetry'",
          AwsIotSqlVersion: '2016-03-23',
        },
      },
    ]);
    const policies = JSON.stringify(ofType('AWS::IAM::Role'));
    expect(policies).toContain('events:PutEvents');
    expect(policies).toContain(':event-bus/orders');
  }, 180_000);

  it('writes the broker and secret of --rabbitmq-broker and --rabbitmq-secret, and then asks for no parameter', async () => {
    const broker = 'arn:aws:mq:eu-west-1:123456789012:broker:shop:b-1234abcd-56ef-78ab-90cd-1234567890ab';
    const secret = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-mq';
    const args = [
      'package',
      'conflux.yaml',
      '--out',
      'flags',
      '--rabbitmq-broker',
      broker,
      '--rabbitmq-secret',
      secret,
    ];
    const result = await runCli(args, { cwd: dir });
    expect(result.code).toBe(0);
    const text = readFileSync(join(dir, 'flags/serverless.yml'), 'utf8');
    expect(text).not.toContain('--param');
    const yml = parse(text) as { functions: Record<string, Fn> };
    expect(yml.functions['orders-queue']!.events[0]!.rabbitmq).toMatchObject({ arn: broker, basicAuthArn: secret });
  }, 120_000);

  it("the HTTP task's zip runs alone behind an API Gateway request: the token, the filter, 200 with the event id", async () => {
    const yml = parse(readFileSync(join(dir, 'deploy/serverless.yml'), 'utf8')) as { functions: Record<string, Fn> };
    const app = mkdtempSync(join(tmpdir(), 'conflux-http-zip-'));
    await run('unzip', ['-q', join(dir, 'deploy/artifacts/orders-hook.zip'), '-d', app]);
    writeFileSync(
      join(app, 'invoke.mjs'),
      "import { handler } from './index.mjs';\nfor (const e of JSON.parse(process.argv[2])) process.stderr.write(JSON.stringify(await handler(e)) + '\\n');\n",
    );
    const request = (body: string, authorization?: string) => ({
      version: '2.0',
      rawPath: '/hooks/orders',
      rawQueryString: '',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body,
      isBase64Encoded: false,
      requestContext: { http: { method: 'POST', path: '/hooks/orders' }, timeEpoch: 1 },
    });
    const events = [
      request('{"id":"o-1","status":"paid"}', 'Bearer s3cret'),
      request('{"id":"o-2","status":"open"}', 'Bearer s3cret'),
      request('{"id":"o-3","status":"paid"}'),
    ];
    const { stdout, stderr } = await run(process.execPath, ['invoke.mjs', JSON.stringify(events)], {
      cwd: app,
      env: { PATH: process.env.PATH, LAMBDA_TASK_ROOT: app, ...yml.functions['orders-hook']!.environment },
    });
    expect(stdout).toBe('o-1\n');
    const answers = stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { statusCode: number; body: string });
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 401]);
    expect(JSON.parse(answers[0]!.body)).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  }, 60_000);
});
