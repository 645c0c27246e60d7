import { randomUUID } from 'node:crypto';
import amqp, { type ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RabbitmqSourceConfig } from '../../../../functions/sources/rabbitmq/config.js';
import { decode, openSource } from '../../../../functions/sources/rabbitmq/receive.js';
import { collect } from '../../../helpers/source-run.js';

const URL = 'amqp://guest:guest@127.0.0.1:5672';
let admin: ChannelModel;

beforeAll(async () => {
  admin = await amqp.connect(URL);
});
afterAll(async () => {
  await admin.close();
});

async function newQueue(): Promise<string> {
  const queue = `conflux-src-${randomUUID()}`;
  const channel = await admin.createChannel();
  await channel.assertQueue(queue, { durable: false, autoDelete: false });
  await channel.close();
  return queue;
}

async function publish(queue: string, bodies: string[], headers?: Record<string, unknown>): Promise<void> {
  const channel = await admin.createConfirmChannel();
  for (const body of bodies) channel.sendToQueue(queue, Buffer.from(body), { headers, messageId: body });
  await channel.waitForConfirms();
  await channel.close();
}

async function depth(queue: string): Promise<{ ready: number }> {
  const channel = await admin.createChannel();
  const { messageCount } = await channel.checkQueue(queue);
  await channel.close();
  return { ready: messageCount };
}

const config = (queue: string, prefetch = 100): RabbitmqSourceConfig => ({
  type: 'rabbitmq',
  url: URL,
  queue,
  prefetch,
});

describe('rabbitmq source', () => {
  it('hands messages over in order, numbered from 0, decoded into the acs:amqp shape', async () => {
    const queue = await newQueue();
    await publish(
      queue,
      Array.from({ length: 30 }, (_, i) => JSON.stringify({ n: i })),
      { tenant: 'a', ':odd': 'x' },
    );
    const source = await openSource(config(queue));
    const run = collect(source);
    await run.until(30);
    await source.stop();
    await run.running;
    const records = run.records();
    expect(records.map((r) => r.offset)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(records.map((r) => JSON.parse(r.value.toString()).n)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(run.batches.every((b) => b.topic === queue && b.partition === 0)).toBe(true);
    const { event, text } = decode(records[3]!, { withText: true });
    expect(event).toMatchObject({
      source: 'acs:amqp',
      type: 'amqp:Queue:SendMessage',
      subject: `acs:amqp:conflux:/vhosts/%2F/queues/${queue}`,
      data: {
        envelope: { exchange: '', redeliver: false, routingKey: queue },
        body: { n: 3 },
        props: { messageId: '{"n":3}', headers: { tenant: 'a', ':odd': 'x' } },
      },
    });
    expect(JSON.parse(text!)).toEqual(event);
    expect(new Set(records.map((r) => decode(r, { withText: false }).event.id)).size).toBe(30);
  });

  it('commit acks exactly the deliveries below nextOffset; stop without commit requeues the rest', async () => {
    const queue = await newQueue();
    await publish(queue, ['a', 'b', 'c', 'd', 'e']);
    const first = await openSource(config(queue));
    const run = collect(first);
    await run.until(5);
    await first.commit(queue, 0, 2);
    await first.stop();
    await run.running;
    expect(await depth(queue)).toEqual({ ready: 3 });

    const again = await openSource(config(queue));
    const rerun = collect(again);
    await rerun.until(3);
    const records = rerun.records();
    expect(records.map((r) => r.value.toString())).toEqual(['c', 'd', 'e']);
    expect(records.map((r) => r.offset)).toEqual([0, 1, 2]);
    expect(decode(records[0]!, { withText: false }).event.data).toMatchObject({ envelope: { redeliver: true } });
    await again.commit(queue, 0, 3);
    await again.stop();
    await rerun.running;
    expect(await depth(queue)).toEqual({ ready: 0 });
  });

  it('has at most `prefetch` deliveries unacknowledged: the next come only after a commit', async () => {
    const queue = await newQueue();
    await publish(
      queue,
      Array.from({ length: 12 }, (_, i) => `m${i}`),
    );
    const source = await openSource(config(queue, 5));
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    // the first batch is held until released; meanwhile the broker must stop at 5
    const run = collect(source, (batch) => (batch.records[0]!.offset === 0 ? held : Promise.resolve()));
    await run.until(1);
    // wait until the broker has nothing more to send within the window: the queue shows 7 ready
    while ((await depth(queue)).ready !== 7) await new Promise((resolve) => setImmediate(resolve));
    expect(run.records().length).toBeLessThanOrEqual(5);
    const firstBatch = run.batches[0]!.records;
    await source.commit(queue, 0, firstBatch.at(-1)!.offset + 1);
    release();
    const acked = async (upTo: number) => {
      await run.until(upTo);
      await source.commit(queue, 0, upTo);
    };
    await acked(10);
    await acked(12);
    expect(run.records().map((r) => r.value.toString())).toEqual(Array.from({ length: 12 }, (_, i) => `m${i}`));
    await source.stop();
    await run.running;
    expect(await depth(queue)).toEqual({ ready: 0 });
  });
});
