import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../bus/delivery/clock.js';
import { fromDeadLetter, readDeadLetter } from '../../../bus/delivery/dead-letter.js';
import { DeliveryFailedError, SinkError } from '../../../bus/delivery/errors.js';
import { retryPolicy } from '../../../bus/delivery/policy.js';
import { type DeliverEventOptions, deliverEvent } from '../../../bus/delivery/tolerance.js';
import type { CloudEvent } from '../../../bus/event.js';

const event: CloudEvent = { specversion: '1.0', id: 'e1', source: 'test', type: 't', data: { n: 1 } };
const unavailable = new SinkError('sink.http.status', 'HTTP 503', { retriable: true, status: 503 });
const badRequest = new SinkError('sink.http.status', 'HTTP 400', { status: 400 });
const failWith = (error: unknown) => async () => {
  throw error;
};

function options(overrides: Partial<DeliverEventOptions>): DeliverEventOptions & { clock: ManualClock } {
  return {
    policy: retryPolicy('BACKOFF_RETRY'),
    clock: new ManualClock(),
    random: () => 0,
    tolerance: 'ALL',
    task: 'orders-to-http',
    sink: 'http',
    ...overrides,
  } as DeliverEventOptions & { clock: ManualClock };
}

describe('deliverEvent', () => {
  it('reports a delivered event', async () => {
    const outcome = await deliverEvent(event, async () => {}, options({}));
    expect(outcome).toMatchObject({ status: 'delivered', result: { status: 'delivered', attempts: 1 } });
  });

  it('tolerance ALL with a DLQ: stores the dead letter after the retries and goes on', async () => {
    const stored: CloudEvent[] = [];
    const o = options({ deadLetter: async (dl) => void stored.push(dl) });
    const p = deliverEvent(event, failWith(unavailable), o);
    await o.clock.runAll();
    expect(await p).toMatchObject({ status: 'dead-lettered', result: { status: 'failed', attempts: 4 } });
    expect(stored).toHaveLength(1);
    expect(fromDeadLetter(stored[0]!)).toEqual(event);
    expect(readDeadLetter(stored[0]!).info).toMatchObject({
      errorCode: 'sink.http.status',
      errorMessage: 'HTTP 503',
      task: 'orders-to-http',
      sink: 'http',
      attempts: 4,
      firstAttempt: '1970-01-01T00:00:00.000Z',
      lastAttempt: '1970-01-01T00:00:30.000Z',
    });
  });

  it('tolerance ALL without a DLQ: drops the event', async () => {
    const outcome = await deliverEvent(event, failWith(badRequest), options({}));
    expect(outcome).toMatchObject({ status: 'dropped', result: { status: 'failed', attempts: 1 } });
  });

  it('tolerance NONE: stops with the failure as reason, and writes no dead letter', async () => {
    const stored: CloudEvent[] = [];
    const outcome = await deliverEvent(
      event,
      failWith(badRequest),
      options({ tolerance: 'NONE', deadLetter: async (dl) => void stored.push(dl) }),
    );
    expect(outcome.status).toBe('stop');
    const reason = outcome.status === 'stop' ? outcome.reason : undefined;
    expect(reason).toBeInstanceOf(DeliveryFailedError);
    expect(reason).toMatchObject({ attempts: 1, cause: badRequest });
    expect(stored).toEqual([]);
  });

  it('stops when the dead letter cannot be stored (the event is not lost: its offset stays)', async () => {
    const dlqDown = new Error('dlq topic unavailable');
    const outcome = await deliverEvent(
      event,
      failWith(badRequest),
      options({
        deadLetter: async () => {
          throw dlqDown;
        },
      }),
    );
    expect(outcome).toMatchObject({ status: 'stop', reason: dlqDown });
  });

  it('stops without a dead letter when the task is paused during the retries', async () => {
    const controller = new AbortController();
    const stored: CloudEvent[] = [];
    const o = options({ signal: controller.signal, deadLetter: async (dl) => void stored.push(dl) });
    const p = deliverEvent(event, failWith(unavailable), o);
    await o.clock.advance(0);
    controller.abort('task paused');
    expect(await p).toMatchObject({
      status: 'stop',
      reason: 'task paused',
      result: { status: 'aborted', attempts: 1 },
    });
    expect(stored).toEqual([]);
  });
});
