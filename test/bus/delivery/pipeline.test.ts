import { describe, expect, it } from 'vitest';
import {
  createLanes,
  createOffsetTracker,
  deliverEvent,
  fromDeadLetter,
  ManualClock,
  retryPolicy,
  SinkError,
  type Tolerance,
} from '../../../bus/delivery/index.js';
import type { CloudEvent } from '../../../bus/event.js';

/** The delivery core wired as a task runtime would: tracker → lanes → deliverEvent → sink, on a manual clock. */

interface Rec {
  key: string | null;
  partition: number;
  offset: number;
  event: CloudEvent;
}

function records(partitions: number, perPartition: number, poison: string): Rec[] {
  const out: Rec[] = [];
  for (let offset = 0; offset < perPartition; offset++) {
    for (let partition = 0; partition < partitions; partition++) {
      const key = ['a', 'b', 'c', 'd'][(offset + partition) % 4]!;
      const id = `${partition}-${offset}`;
      const data = { key, value: id === poison ? 'poison' : id };
      out.push({ key, partition, offset, event: { specversion: '1.0', id, source: 'test', type: 't', data } });
    }
  }
  return out;
}

async function runTask(input: Rec[], opts: { tolerance: Tolerance; sinkRejectsPoison: boolean; clock: ManualClock }) {
  const arrived: string[] = [];
  const deadLetters: CloudEvent[] = [];
  const tried = new Set<string>();
  const tracker = createOffsetTracker();
  const send = async (rec: Rec) => {
    const data = rec.event.data as { value: string };
    if (data.value === 'poison' && opts.sinkRejectsPoison) throw new SinkError('sink.http.status', 'HTTP 422');
    if (!tried.has(rec.event.id) && rec.key === 'b') {
      tried.add(rec.event.id);
      throw new SinkError('sink.http.status', 'HTTP 503', { retriable: true }); // first try of every b fails
    }
    arrived.push(rec.event.id);
  };
  const lanes = createLanes<Rec>({
    concurrency: 3,
    maxInFlight: 5,
    deliver: (rec, signal) =>
      deliverEvent(rec.event, () => send(rec), {
        policy: retryPolicy('BACKOFF_RETRY'),
        clock: opts.clock,
        random: () => 0.5,
        signal,
        tolerance: opts.tolerance,
        deadLetter: async (dl) => void deadLetters.push(dl),
        task: 'orders',
        sink: 'http',
      }),
    onSettled: (rec, outcome) => {
      if (outcome.status !== 'stop') tracker.ack(rec.partition, rec.offset);
    },
  });
  const producer = (async () => {
    for (const rec of input) {
      tracker.track(rec.partition, rec.offset);
      if (!(await lanes.push(rec))) break;
    }
    await lanes.drain();
  })();
  for (let rounds = 0; opts.clock.sleepers > 0 || lanes.inFlight > 0; rounds++) {
    if (rounds > 1000) throw new Error('the task does not make progress');
    await opts.clock.runAll();
  }
  await producer;
  return { arrived, deadLetters, tracker, lanes };
}

/** Each key's arrivals are in offset order (per partition, since keys here repeat across partitions). */
function expectPerKeyOrder(input: Rec[], arrived: string[]) {
  const byId = new Map(input.map((r) => [r.event.id, r]));
  const seen = new Map<string, number>();
  for (const id of arrived) {
    const rec = byId.get(id)!;
    const group = `${rec.key}`;
    const position = input.indexOf(rec);
    expect(position).toBeGreaterThan(seen.get(group) ?? -1);
    seen.set(group, position);
  }
}

describe('the delivery core, wired together', () => {
  it('tolerance ALL: retries, dead-letters the poison record, keeps per-key order and commits to the end', async () => {
    const input = records(2, 20, '1-7');
    const clock = new ManualClock();
    const { arrived, deadLetters, tracker } = await runTask(input, {
      tolerance: 'ALL',
      sinkRejectsPoison: true,
      clock,
    });

    expect(arrived).toHaveLength(input.length - 1);
    expect(new Set(arrived).size).toBe(arrived.length);
    expectPerKeyOrder(input, arrived);
    expect(deadLetters.map((dl) => dl.id)).toEqual(['1-7']);
    expect(fromDeadLetter(deadLetters[0]!)).toEqual(input.find((r) => r.event.id === '1-7')!.event);
    expect(tracker.commits()).toEqual({ 0: 20, 1: 20 });
    expect(clock.now()).toBeGreaterThan(0); // the b retries waited on the clock, not in real time
  });

  it('tolerance NONE: stops at the poison record, keeps its offset, and the resumed task delivers it', async () => {
    const input = records(2, 20, '1-7');
    const clock = new ManualClock();
    const first = await runTask(input, { tolerance: 'NONE', sinkRejectsPoison: true, clock });

    expect(first.lanes.signal.aborted).toBe(true);
    expect(first.lanes.signal.reason).toMatchObject({ cause: { code: 'delivery.failed', attempts: 1 } });
    expect(first.deadLetters).toEqual([]);
    expect(first.arrived).not.toContain('1-7');
    expectPerKeyOrder(input, first.arrived);
    const committed = first.tracker.commits();
    expect(committed[1] ?? 0).toBeLessThanOrEqual(7); // never past the failed record

    // resume from the committed offsets, with the sink fixed
    const rest = input.filter((r) => r.offset >= (committed[r.partition] ?? 0));
    const second = await runTask(rest, { tolerance: 'NONE', sinkRejectsPoison: false, clock });
    expect(second.lanes.signal.aborted).toBe(false);
    expect(second.arrived).toContain('1-7');
    expectPerKeyOrder(rest, second.arrived);
    const everything = new Set([...first.arrived, ...second.arrived]);
    expect(everything.size).toBe(input.length); // at least once: nothing lost, maybe some twice
  });
});
