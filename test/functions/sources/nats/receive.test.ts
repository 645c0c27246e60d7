import { randomUUID } from 'node:crypto';
import { connect, type JetStreamManager, type NatsConnection, headers as natsHeaders } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode, type NatsSourceOptions, openSource } from '../../../../functions/sources/nats/receive.js';
import { collect } from '../../../helpers/source-run.js';

let nc: NatsConnection;
let jsm: JetStreamManager;
const streams: string[] = [];

beforeAll(async () => {
  nc = await connect({ servers: '127.0.0.1:4222' });
  jsm = await nc.jetstreamManager();
});
afterAll(async () => {
  for (const stream of streams) await jsm.streams.delete(stream).catch(() => {});
  await nc.close();
});

async function newStream(): Promise<{ stream: string; subject: string }> {
  const id = randomUUID().replaceAll('-', '');
  const stream = `CONFLUX_${id}`;
  await jsm.streams.add({ name: stream, subjects: [`conflux.${id}.>`] });
  streams.push(stream);
  return { stream, subject: `conflux.${id}.>` };
}

async function publish(subject: string, bodies: string[], hdrs?: Record<string, string>): Promise<void> {
  const js = nc.jetstream();
  for (const body of bodies) {
    const h = natsHeaders();
    for (const [k, v] of Object.entries(hdrs ?? {})) h.set(k, v);
    await js.publish(subject, body, { headers: h });
  }
}

const context = { task: 'nats-test' };

function jsConfig(stream: string, subject: string, extra: Partial<NatsSourceOptions> = {}): NatsSourceOptions {
  return {
    type: 'nats',
    servers: ['127.0.0.1:4222'],
    subject,
    jetstream: { stream, durable: `d_${randomUUID().slice(0, 8)}` },
    ...extra,
  };
}

describe('nats source (JetStream)', () => {
  it('hands messages over in order, numbered from 0, decoded with stream-sequence ids', async () => {
    const { stream, subject } = await newStream();
    const base = subject.slice(0, -2);
    await publish(
      `${base}.a`,
      Array.from({ length: 20 }, (_, i) => JSON.stringify({ n: i })),
      { tenant: 't1' },
    );
    const source = await openSource(jsConfig(stream, subject), context);
    const run = collect(source);
    await run.until(20);
    await source.commit(subject, 0, 20);
    await source.stop();
    await run.running;
    const records = run.records();
    expect(records.map((r) => r.offset)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(records.map((r) => JSON.parse(r.value.toString()).n)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    const { event, text } = decode(records[4]!, { withText: true });
    expect(event).toMatchObject({
      id: `${stream}-5`,
      source: 'conflux:nats',
      type: 'nats:Subject:Message',
      subject: `${base}.a`,
      data: {
        props: {
          subject: `${base}.a`,
          stream,
          sequence: 5,
          deliveryCount: 1,
          redelivered: false,
          headers: { tenant: 't1' },
        },
        body: { n: 4 },
      },
    });
    expect(JSON.parse(text!)).toEqual(event);
  });

  it('at-least-once: commit acks exactly the messages below nextOffset; the rest come again after the ack wait', async () => {
    const { stream, subject } = await newStream();
    const base = subject.slice(0, -2);
    await publish(`${base}.x`, ['a', 'b', 'c', 'd', 'e']);
    const config = jsConfig(stream, subject, { ackWaitMs: 1000 });
    const first = await openSource(config, context);
    const run = collect(first);
    await run.until(5);
    await first.commit(subject, 0, 2);
    await first.stop();
    await run.running;
    const info = await jsm.consumers.info(stream, config.jetstream!.durable!);
    expect(info.ack_floor.stream_seq).toBe(2);
    expect(info.num_ack_pending).toBe(3);

    const again = await openSource(config, context);
    const rerun = collect(again);
    await rerun.until(3);
    const records = rerun.records();
    expect(records.map((r) => r.value.toString())).toEqual(['c', 'd', 'e']);
    expect(records.map((r) => r.offset)).toEqual([0, 1, 2]);
    expect(decode(records[0]!, { withText: false }).event).toMatchObject({
      id: `${stream}-3`,
      data: { props: { redelivered: true, deliveryCount: 2 } },
    });
    await again.commit(subject, 0, 3);
    await again.stop();
    await rerun.running;
    const after = await jsm.consumers.info(stream, config.jetstream!.durable!);
    expect(after.ack_floor.stream_seq).toBe(5);
    expect(after.num_ack_pending).toBe(0);
  });

  it('a commit whose acks JetStream never confirms (the consumer is gone) fails, retriable', async () => {
    const { stream, subject } = await newStream();
    await publish(`${subject.slice(0, -2)}.x`, ['a', 'b']);
    const config = jsConfig(stream, subject);
    const source = await openSource(config, context);
    const run = collect(source);
    await run.until(2);
    await jsm.consumers.delete(stream, config.jetstream!.durable!);
    await expect(source.commit(subject, 0, 2)).rejects.toMatchObject({ code: 'source.nats.ack', retriable: true });
    await source.stop();
    await run.running.catch(() => {});
  }, 15_000);

  it('holds at most maxAckPending messages unacknowledged; a commit lets the next ones come', async () => {
    const { stream, subject } = await newStream();
    const base = subject.slice(0, -2);
    await publish(
      `${base}.x`,
      Array.from({ length: 12 }, (_, i) => `m${i}`),
    );
    const config = jsConfig(stream, subject, { maxAckPending: 5 });
    const source = await openSource(config, context);
    const run = collect(source);
    await run.until(5);
    while ((await jsm.consumers.info(stream, config.jetstream!.durable!)).num_pending !== 7) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(run.records()).toHaveLength(5);
    await source.commit(subject, 0, 5);
    await run.until(10);
    await source.commit(subject, 0, 10);
    await run.until(12);
    expect(run.records().map((r) => r.value.toString())).toEqual(Array.from({ length: 12 }, (_, i) => `m${i}`));
    await source.stop();
    await run.running;
  });
});

describe('nats source (core NATS, at-most-once)', () => {
  it('receives what is published while subscribed; commit acknowledges nothing', async () => {
    const subject = `conflux.core.${randomUUID()}`;
    const source = await openSource({ type: 'nats', servers: ['127.0.0.1:4222'], subject }, context);
    const run = collect(source);
    for (const body of ['{"a":1}', 'two']) nc.publish(subject, body);
    await nc.flush();
    await run.until(2);
    await source.commit(subject, 0, 2);
    await source.stop();
    await run.running;
    const events = run.records().map((r) => decode(r, { withText: false }).event);
    expect(events.map((e) => (e.data as { body: unknown }).body)).toEqual([{ a: 1 }, 'two']);
    expect(events[0]).toMatchObject({ subject, data: { props: { subject } } });
    expect(events[0]!.id).not.toBe(events[1]!.id);
  });
});
