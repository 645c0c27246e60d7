/**
 * The settings each bundle's first event runs with in the cold-start bench (a task's environment,
 * as `conflux package` writes it), and the local services they point at: the Kafka mock, one
 * HTTP endpoint that answers both a plain POST and EventBridge's PutEvents, and the machine's
 * PostgreSQL, MariaDB, Redis, RabbitMQ, Mosquitto and NATS.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { admin as mysqlAdmin } from '../../functions/sinks/mysql/target.js';
import { POSTGRES_URL, admin as postgresAdmin } from '../../functions/sinks/postgres/target.js';
import { type KafkaMock, startKafkaMock } from '../../helpers/kafka-mock.js';

const TABLE = 'conflux_coldstart';

/** An endpoint that takes any POST: PutEvents gets one entry id per entry, anything else a 200. */
function startEndpoint(): Promise<Server> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.headers['x-amz-target'] !== 'AWSEvents.PutEvents') return response.end('ok');
      const { Entries } = JSON.parse(Buffer.concat(chunks).toString()) as { Entries: unknown[] };
      response.setHeader('content-type', 'application/x-amz-json-1.1');
      response.end(JSON.stringify({ FailedEntryCount: 0, Entries: Entries.map((_, i) => ({ EventId: `e${i}` })) }));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** The services the samples use, started on first use; `stop` releases them. */
export function sampleServices() {
  let kafka: Promise<KafkaMock> | undefined;
  let endpoint: Promise<Server> | undefined;
  return {
    kafka: () => (kafka ??= startKafkaMock()),
    endpoint: async () => {
      endpoint ??= startEndpoint();
      return `http://127.0.0.1:${((await endpoint).address() as AddressInfo).port}`;
    },
    async stop() {
      if (kafka !== undefined) await (await kafka).stop();
      if (endpoint !== undefined) (await endpoint).close();
    },
  };
}

/**
 * The recorded invocation each bundle's first event is, by its trigger (test/…/fixtures): the MSK
 * event unless named here.
 */
export const SAMPLE_EVENTS: Record<string, string> = {
  default: 'test/infra/build/fixtures/lambda-msk-event.json',
  'source-http': 'test/functions/shared/fixtures/lambda-http-v2-event.json',
  'source-rabbitmq': 'test/functions/shared/fixtures/lambda-rmq-event.json',
  'source-mqtt': 'test/functions/shared/fixtures/iot-rule-message.json',
};

/** The environment of one bundle's sample task; undefined for a bundle without one. */
export function sampleEnv(
  name: string,
  dir: string,
  services: ReturnType<typeof sampleServices>,
): Promise<Record<string, string>> | undefined {
  const transform = (spec: unknown) => Promise.resolve({ CONFLUX_TRANSFORM: JSON.stringify(spec) });
  const sink = (settings: object) => ({ CONFLUX_SINK: JSON.stringify(settings) });
  const ids = { id: '$.data.value.id' };
  const target = async () => ({
    CONFLUX_TARGET: JSON.stringify({ topic: 'coldstart-events', brokers: (await services.kafka()).brokers }),
  });
  const table: Record<string, () => Promise<Record<string, string>>> = {
    'transformer-original': () => transform({}),
    'transformer-jsonpath': () => transform({ value: '$.data.value.id' }),
    'transformer-constant': () => transform({ value: 'hi' }),
    'transformer-template': () => transform({ value: { id: '$.data.value.id' }, template: 'order ${id}' }),
    'transformer-jsonata': () => transform({ expression: 'data.value.total' }),
    'transformer-function': () => transform({ handler: 'handler.mjs#handler' }),
    'sink-file': async () => sink({ path: join(dir, 'out.jsonl') }),
    'sink-stdout': async () => sink({}),
    'sink-kafka': async () => sink({ topic: 'coldstart', brokers: (await services.kafka()).brokers }),
    'sink-http': async () => sink({ url: await services.endpoint() }),
    'sink-postgres': async () => {
      await postgresAdmin(`CREATE TABLE IF NOT EXISTS ${TABLE} (id text)`);
      return sink({ connectionString: POSTGRES_URL, table: TABLE, columns: ids });
    },
    'sink-mysql': async () => {
      await mysqlAdmin(`CREATE TABLE IF NOT EXISTS ${TABLE} (id VARCHAR(20))`);
      return sink({ connectionString: 'mysql://root@127.0.0.1:3306/test', table: TABLE, columns: ids });
    },
    'sink-redis': async () => sink({ url: 'redis://127.0.0.1:6379', command: 'set', key: '$.data.value.id' }),
    'sink-rabbitmq': async () => sink({ url: 'amqp://guest:guest@127.0.0.1:5672', routingKey: 'conflux-coldstart' }),
    'sink-mqtt': async () => sink({ url: 'mqtt://127.0.0.1:1883', topic: 'conflux/coldstart' }),
    'sink-nats': async () => sink({ servers: ['127.0.0.1:4222'], subject: 'conflux.coldstart' }),
    'sink-eventbridge': async () => ({
      ...sink({ endpoint: await services.endpoint(), source: 'shop', detailType: 'OrderPaid' }),
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    }),
    'sink-function': async () => sink({ handler: 'handler.mjs#handler' }),
    'source-kafka': async () => target(),
    'source-http': async () => ({ ...(await target()), CONFLUX_TASK: 'orders-hook' }),
    'source-rabbitmq': async () => target(),
    'source-mqtt': async () => ({ ...(await target()), CONFLUX_SOURCE: '{"topic":"devices/+/telemetry"}' }),
  };
  return table[name]?.();
}
