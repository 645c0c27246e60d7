import { randomUUID } from 'node:crypto';
import { connect } from 'nats';
import { expect, it } from 'vitest';
import { decode, openSource } from '../../../../functions/sources/nats/receive.js';
import { sourceToFile } from '../../../helpers/source-task.js';

it('a task reads a JetStream stream into a file in order and acks all of it', async () => {
  const N = 600;
  const nc = await connect({ servers: '127.0.0.1:4222' });
  const jsm = await nc.jetstreamManager();
  const id = randomUUID().replaceAll('-', '');
  const stream = `CONFLUX_TASK_${id}`;
  await jsm.streams.add({ name: stream, subjects: [`conflux.task.${id}.>`] });
  const config = {
    type: 'nats' as const,
    servers: ['127.0.0.1:4222'],
    subject: `conflux.task.${id}.>`,
    jetstream: { stream, durable: 'to-file' },
  };
  const { task, lines, delivered } = await sourceToFile(
    'nats-to-file',
    () => openSource(config, { task: 'nats-to-file' }),
    decode,
  );
  await task.start();
  const js = nc.jetstream();
  await Promise.all(Array.from({ length: N }, (_, i) => js.publish(`conflux.task.${id}.o`, JSON.stringify({ i }))));
  await delivered(N);
  await task.stop();
  expect(await lines()).toEqual(Array.from({ length: N }, (_, i) => JSON.stringify({ i })));
  const info = await jsm.consumers.info(stream, 'to-file');
  expect(info.ack_floor.stream_seq).toBe(N);
  await jsm.streams.delete(stream);
  await nc.close();
});
