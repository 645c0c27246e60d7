import { randomUUID } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MqttSourceConfig } from '../../../../functions/sources/mqtt/config.js';
import { decode, openSource } from '../../../../functions/sources/mqtt/receive.js';
import { collect } from '../../../helpers/source-run.js';

const URL = 'mqtt://127.0.0.1:1883';
let publisher: MqttClient;

beforeAll(async () => {
  publisher = await mqtt.connectAsync(URL, { clientId: `conflux-test-pub-${randomUUID()}` });
});
afterAll(async () => {
  await publisher.endAsync();
});

async function publish(topic: string, bodies: string[], qos: 0 | 1 = 1): Promise<void> {
  for (const body of bodies) await publisher.publishAsync(topic, body, { qos });
}

function setup(qos: 0 | 1 | 2 = 1) {
  const base = `conflux-test/${randomUUID()}`;
  const config: MqttSourceConfig = {
    type: 'mqtt',
    url: URL,
    topic: `${base}/#`,
    qos,
    clientId: `conflux-src-${randomUUID()}`,
  };
  return { base, config, context: { task: 'mqtt-test' } };
}

describe('mqtt source', () => {
  it('hands messages over in order, numbered from 0, decoded into the acs:mq4iot shape', async () => {
    const { base, config, context } = setup();
    const source = await openSource(config, context);
    const run = collect(source);
    await publish(
      `${base}/dev1`,
      Array.from({ length: 15 }, (_, i) => JSON.stringify({ n: i })),
    );
    await publish(`${base}/dev2`, ['plain text']);
    await run.until(16);
    await source.commit(config.topic, 0, 16);
    await source.stop();
    await run.running;
    const records = run.records();
    expect(records.map((r) => r.offset)).toEqual(Array.from({ length: 16 }, (_, i) => i));
    expect(records.slice(0, 15).map((r) => JSON.parse(r.value.toString()).n)).toEqual(
      Array.from({ length: 15 }, (_, i) => i),
    );
    expect(records[15]!.key!.toString()).toBe(`${base}/dev2`);
    const { event, text } = decode(records[2]!, { withText: true });
    expect(event).toMatchObject({
      source: 'acs:mq4iot',
      type: 'mq4iot:Topic:SendMessage',
      subject: `acs:mq4iot:conflux:topic/${base}/dev1`,
      data: { props: { topic: `${base}/dev1`, qos: 1, retain: false, dup: false }, body: { n: 2 } },
    });
    expect(JSON.parse(text!)).toEqual(event);
    expect(decode(records[15]!, { withText: false }).event.data).toMatchObject({ body: 'plain text' });
  });

  it('at-least-once: uncommitted messages come again after stop and reopen, committed ones do not', async () => {
    const { base, config, context } = setup();
    const first = await openSource(config, context);
    const run = collect(first);
    await publish(`${base}/x`, ['a', 'b', 'c', 'd', 'e']);
    await run.until(5);
    await first.commit(config.topic, 0, 2);
    await first.stop();
    await run.running;
    // published while the task is stopped: kept in the persistent session
    await publish(`${base}/x`, ['f']);

    const again = await openSource(config, context);
    const rerun = collect(again);
    await rerun.until(4);
    const records = rerun.records();
    expect(records.map((r) => r.value.toString())).toEqual(['c', 'd', 'e', 'f']);
    expect(records.map((r) => r.offset)).toEqual([0, 1, 2, 3]);
    expect(decode(records[0]!, { withText: false }).event.data).toMatchObject({ props: { dup: true } });
    await again.commit(config.topic, 0, 4);
    await again.stop();
    await rerun.running;

    // everything acknowledged: a third open gets only what is published now
    const third = await openSource(config, context);
    const last = collect(third);
    await publish(`${base}/x`, ['g']);
    await last.until(1);
    expect(last.records().map((r) => r.value.toString())).toEqual(['g']);
    await third.commit(config.topic, 0, 1);
    await third.stop();
    await last.running;
  });

  it('a qos 0 subscription needs no acknowledgement; stop ends run promptly', async () => {
    const { base, config, context } = setup(0);
    const source = await openSource(config, context);
    const run = collect(source);
    await publish(`${base}/x`, ['a', 'b'], 0);
    await run.until(2);
    expect(decode(run.records()[0]!, { withText: false }).event.data).toMatchObject({ props: { qos: 0 } });
    await source.stop();
    await run.running;
  });

  it('stops receiving at the broker in-flight limit (Mosquitto: 20) until a commit acknowledges', async () => {
    const { base, config, context } = setup();
    const source = await openSource(config, context);
    const run = collect(source);
    await publish(
      `${base}/x`,
      Array.from({ length: 60 }, (_, i) => `m${i}`),
    );
    await run.until(20);
    // a round trip through the broker after all 60 were accepted: had it more to send us, it would have
    for (let i = 0; i < 2; i++) {
      const probe = `${base}-probe/${randomUUID()}`;
      await publisher.subscribeAsync(probe, { qos: 1 });
      const got = new Promise<void>((resolve) => publisher.once('message', () => resolve()));
      await publisher.publishAsync(probe, 'x', { qos: 1 });
      await got;
    }
    expect(run.records()).toHaveLength(20);
    for (let n = 20; n < 60; n += 20) {
      await source.commit(config.topic, 0, n);
      await run.until(n + 20);
    }
    expect(run.records().map((r) => r.value.toString())).toEqual(Array.from({ length: 60 }, (_, i) => `m${i}`));
    await source.commit(config.topic, 0, 60);
    await source.stop();
    await run.running;
  });
});
