import { randomUUID } from 'node:crypto';
import amqp from 'amqplib';
import { expect, it } from 'vitest';
import { decode, openSource } from '../../../../functions/sources/rabbitmq/receive.js';
import { sourceToFile } from '../../../helpers/source-task.js';

const URL = 'amqp://guest:guest@127.0.0.1:5672';

it('a task reads a RabbitMQ queue into a file in order and leaves nothing unacknowledged', async () => {
  const N = 600;
  const queue = `conflux-task-${randomUUID()}`;
  const admin = await amqp.connect(URL);
  const channel = await admin.createConfirmChannel();
  await channel.assertQueue(queue, { durable: false });
  const { task, lines, delivered } = await sourceToFile(
    'rabbit-to-file',
    () => openSource({ type: 'rabbitmq', url: URL, queue, prefetch: 100 }, { task: 'rabbit-to-file' }),
    decode,
  );
  await task.start();
  for (let i = 0; i < N; i++) channel.sendToQueue(queue, Buffer.from(JSON.stringify({ i })));
  await channel.waitForConfirms();
  // eventsOut counts a batch once it is committed (acked)
  await delivered(N);
  const check = await admin.createChannel();
  await task.stop();
  expect(await lines()).toEqual(Array.from({ length: N }, (_, i) => JSON.stringify({ i })));
  expect((await check.checkQueue(queue)).messageCount).toBe(0);
  expect(task.counters).toMatchObject({ eventsOut: N });
  await check.deleteQueue(queue);
  await admin.close();
});
