import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import amqp from 'amqplib';
import { rabbitmqSinkConfig } from '../../../../functions/sinks/rabbitmq/config.js';
import { CONNECTION_NAME, connect } from '../../../../functions/sinks/rabbitmq/send.js';

/** The local broker (DESIGN.md: RabbitMQ on 127.0.0.1:5672, guest/guest). */
export const BROKER_URL = 'amqp://guest:guest@127.0.0.1:5672';

/** A fresh exclusive queue on the test's own connection; the sink publishes to it through the default exchange. */
export async function freshQueue() {
  const connection = await amqp.connect(BROKER_URL);
  const channel = await connection.createChannel();
  const { queue } = await channel.assertQueue('', { exclusive: true });
  return {
    queue,
    channel,
    connectSink: (raw: Record<string, unknown> = {}) =>
      connect(
        rabbitmqSinkConfig.parse({
          type: 'rabbitmq',
          url: BROKER_URL,
          routingKey: { form: 'CONSTANT', value: queue },
          ...raw,
        }),
        { baseDir: '.' },
      ),
    /** Every message in the queue, in order (removed from it). */
    drain: async () => {
      const got: amqp.GetMessage[] = [];
      for (;;) {
        const message = await channel.get(queue, { noAck: true });
        if (message === false) return got;
        got.push(message);
      }
    },
    close: () => connection.close(),
  };
}

const run = promisify(execFile);

/** Closes the sink's connections from the broker's side (`rabbitmqctl close_connection`; 3.10 lists the name in client_properties); resolves with how many. */
export async function closeSinkConnections(): Promise<number> {
  const { stdout } = await run('rabbitmqctl', ['-s', 'list_connections', 'pid', 'client_properties']);
  const pids = stdout
    .split('\n')
    .filter((line) => line.includes(CONNECTION_NAME))
    .map((line) => line.split('\t')[0]!);
  for (const pid of pids) await run('rabbitmqctl', ['-q', 'close_connection', pid, 'conflux test: broken on purpose']);
  return pids.length;
}
