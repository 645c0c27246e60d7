/**
 * The one conformance suite every sink runs (ANCHORS #5, after Redpanda Connect's and Vector's):
 * open and close, a batch of 10, 1,000 in order, 1,000 from concurrent writes, and through a
 * connection broken from the service's side. A sink's own test file calls
 * `describeSinkConformance` with a target: how to connect the sink to a fresh, empty place in a real
 * service, and how to read back what arrived there.
 */
import { describe, expect, it } from 'vitest';
import type { CloudEvent } from '../../bus/event.js';
import type { SinkMessage, SinkWriter } from '../../bus/task/contract.js';

/** A sink under test, pointed at a fresh, empty place (table, key, queue, subject…) of a real service. */
export interface ConformanceTarget {
  /** Connects a new sink writer to this target. */
  connect(): Promise<SinkWriter>;
  /**
   * The payloads the target holds, in the order it holds them. Each payload is the message's
   * `payload` (the sink may store it in a column, a field, a body: map it back to that text).
   */
  received(): Promise<string[]>;
  /**
   * Drops the sink's connection from the service's side (kill the session, take over the client
   * id…). Required unless the sink is described with `{ breaks: false }` (it holds no connection).
   */
  breakConnection?(): Promise<void>;
  /** Removes what the target created; called once after the target's tests. */
  cleanup?(): Promise<void>;
}

/** A message as a task hands it to a sink: the event and its payload (compact JSON of the event's value). */
export function conformanceMessage(seq: number, key = `k${seq % 10}`): SinkMessage {
  const value = { seq, key, note: `order ${seq} — "quoted", ünïcode ✓` };
  const event: CloudEvent = {
    specversion: '1.0',
    id: `conformance-0-${seq}`,
    source: 'acs:alikafka',
    type: 'alikafka:Topic:Message',
    subject: 'acs:alikafka:conflux:topic:conformance',
    time: new Date(1_764_460_800_000 + seq).toISOString(),
    datacontenttype: 'application/json; charset=utf-8',
    data: { topic: 'conformance', partition: 0, offset: seq, timestamp: 1_764_460_800_000 + seq, key, value },
  };
  return { event, payload: JSON.stringify(value) };
}

const messages = (from: number, count: number) => Array.from({ length: count }, (_, i) => conformanceMessage(from + i));
const payloads = (list: SinkMessage[]) => list.map((m) => m.payload);

/** Writes, retrying a failed write the way the runtime's retry policy would (a few times, at once). */
async function writeRetrying(sink: SinkWriter, batch: SinkMessage[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await sink.write(batch);
      return;
    } catch (error) {
      if (attempt >= 5) throw error;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

/**
 * Defines the conformance tests of one sink. `target()` is called once per test and must give a
 * fresh, empty target each time.
 */
export function describeSinkConformance(
  name: string,
  target: () => Promise<ConformanceTarget>,
  options: { breaks?: boolean } = {},
): void {
  describe(`${name} sink conformance`, () => {
    const withTarget = (test: (t: ConformanceTarget, sink: SinkWriter) => Promise<void>) => async () => {
      const t = await target();
      const sink = await t.connect();
      try {
        await test(t, sink);
      } finally {
        await sink.close();
        await t.cleanup?.();
      }
    };

    it(
      'opens and closes without writing anything, and closes twice safely',
      withTarget(async (t, sink) => {
        await sink.close();
        expect(await t.received()).toEqual([]);
      }),
    );

    it(
      'writes a batch of 10: exactly those payloads, unicode and quotes intact',
      withTarget(async (t, sink) => {
        const batch = messages(0, 10);
        await sink.write(batch);
        expect(await t.received()).toEqual(payloads(batch));
      }),
    );

    it(
      'writes 1,000 in 100 writes, in order',
      withTarget(async (t, sink) => {
        const all = messages(0, 1000);
        for (let i = 0; i < all.length; i += 10) await sink.write(all.slice(i, i + 10));
        expect(await t.received()).toEqual(payloads(all));
      }),
      60_000,
    );

    it(
      'writes 1,000 from 10 concurrent writes: every payload once, each write in its own order',
      withTarget(async (t, sink) => {
        const writes = Array.from({ length: 10 }, (_, w) => messages(w * 100, 100));
        await Promise.all(writes.map((batch) => sink.write(batch)));
        const got = await t.received();
        expect([...got].sort()).toEqual(payloads(writes.flat()).sort());
        for (const batch of writes) {
          const positions = payloads(batch).map((p) => got.indexOf(p));
          expect(positions).toEqual([...positions].sort((a, b) => a - b));
        }
      }),
      60_000,
    );

    if (options.breaks === false) return;
    it(
      'keeps delivering after its connection is broken (a retried write may repeat, never lose)',
      withTarget(async (t, sink) => {
        if (t.breakConnection === undefined) throw new Error(`the ${name} target has no breakConnection`);
        await sink.write(messages(0, 50));
        await t.breakConnection();
        await writeRetrying(sink, messages(50, 50));
        const got = await t.received();
        expect(new Set(got)).toEqual(new Set(payloads(messages(0, 100))));
      }),
      60_000,
    );
  });
}
