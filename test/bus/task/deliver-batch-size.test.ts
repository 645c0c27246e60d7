import { describe, expect, it } from 'vitest';
import { ManualClock, retryPolicy } from '../../../bus/delivery/index.js';
import type { DeliveryPlan, SinkMessage } from '../../../bus/task/contract.js';
import { deliverBatch, type LaneMessage } from '../../../bus/task/deliver.js';

const messages = (n: number): LaneMessage[] =>
  Array.from({ length: n }, (_, i) => ({
    event: { specversion: '1.0', id: `e${i}`, source: 'test', type: 't' },
    payload: String(i),
    key: 'one-key',
    partition: 0,
    offset: i,
  }));

function recordingSink() {
  const writes: string[][] = [];
  return {
    writes,
    sink: {
      write: async (batch: SinkMessage[]) => {
        writes.push(batch.map((m) => m.payload));
      },
      close: async () => {},
    },
  };
}

const plan = (batchSize?: number): DeliveryPlan => ({
  concurrency: 1,
  policy: retryPolicy('BACKOFF_RETRY'),
  tolerance: 'ALL',
  clock: new ManualClock(0),
  task: 't',
  sink: 'file',
  ...(batchSize === undefined ? {} : { batchSize }),
});

describe('deliverBatch with a batch window count', () => {
  it('writes at most batchSize messages at a time, in order', async () => {
    const { sink, writes } = recordingSink();
    const outcome = await deliverBatch(messages(7), sink, plan(3), new AbortController().signal);
    expect(outcome.delivered).toBe(7);
    expect(writes).toEqual([['0', '1', '2'], ['3', '4', '5'], ['6']]);
  });

  it("writes a lane's whole share at once without one", async () => {
    const { sink, writes } = recordingSink();
    await deliverBatch(messages(7), sink, plan(), new AbortController().signal);
    expect(writes).toEqual([['0', '1', '2', '3', '4', '5', '6']]);
  });
});
