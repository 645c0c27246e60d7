import { applyTolerance, classifyError, deliverEvent, laneOf, withRetry } from '../delivery/index.js';
import type { DeliveryPlan, SinkMessage, SinkWriter } from './contract.js';

/** A sink message with what picks its lane: the record key (or, without one, its partition). */
export interface LaneMessage extends SinkMessage {
  key: string | null;
  partition: number;
  offset: number;
}

/** What became of a batch: counts, and the reason when the task must stop (nothing then may be committed). */
export interface BatchOutcome {
  delivered: number;
  deadLettered: number;
  dropped: number;
  stop?: unknown;
}

/**
 * Delivers one batch: messages are spread over `concurrency` lanes by key hash; each lane
 * writes its messages, in order, as one sink write with retries. A lane whose write fails
 * for good falls back to one message at a time when the error is permanent (so one bad
 * event does not take its neighbours down), and applies the tolerance to what still fails.
 */
export async function deliverBatch(
  messages: LaneMessage[],
  sink: SinkWriter,
  plan: DeliveryPlan,
  signal: AbortSignal,
): Promise<BatchOutcome> {
  const lanes = new Map<number, LaneMessage[]>();
  for (const message of messages) {
    const lane = laneOf(message, plan.concurrency);
    const list = lanes.get(lane);
    if (list === undefined) lanes.set(lane, [message]);
    else list.push(message);
  }
  const outcomes = await Promise.all([...lanes.values()].map((lane) => deliverInWrites(lane, sink, plan, signal)));
  const total: BatchOutcome = { delivered: 0, deadLettered: 0, dropped: 0 };
  for (const outcome of outcomes) addOutcome(total, outcome);
  return total;
}

/** Adds one outcome's counts to a running total; the first reason to stop is kept. */
export function addOutcome(total: BatchOutcome, outcome: BatchOutcome): void {
  total.delivered += outcome.delivered;
  total.deadLettered += outcome.deadLettered;
  total.dropped += outcome.dropped;
  if (outcome.stop !== undefined && total.stop === undefined) total.stop = outcome.stop;
}

/** A lane's messages in writes of at most `plan.batchSize`, one after the other (order holds); a stop ends the lane. */
async function deliverInWrites(
  lane: LaneMessage[],
  sink: SinkWriter,
  plan: DeliveryPlan,
  signal: AbortSignal,
): Promise<BatchOutcome> {
  const size = plan.batchSize;
  if (size === undefined || lane.length <= size) return deliverLane(lane, sink, plan, signal);
  const total: BatchOutcome = { delivered: 0, deadLettered: 0, dropped: 0 };
  for (let start = 0; start < lane.length && total.stop === undefined; start += size)
    addOutcome(total, await deliverLane(lane.slice(start, start + size), sink, plan, signal));
  return total;
}

async function deliverLane(
  lane: LaneMessage[],
  sink: SinkWriter,
  plan: DeliveryPlan,
  signal: AbortSignal,
): Promise<BatchOutcome> {
  const options = { policy: plan.policy, clock: plan.clock, random: plan.random, signal, onRetry: plan.onRetry };
  const result = await withRetry(() => sink.write(lane), options);
  if (result.status === 'delivered') return { delivered: lane.length, deadLettered: 0, dropped: 0 };
  if (result.status === 'aborted') return { delivered: 0, deadLettered: 0, dropped: 0, stop: result.reason };
  const permanent = classifyError(result.error).verdict === 'dead-letter';
  const outcome: BatchOutcome = { delivered: 0, deadLettered: 0, dropped: 0 };
  for (const message of lane) {
    const eventOutcome =
      permanent && lane.length > 1
        ? await deliverEvent(message.event, () => sink.write([message]), { ...options, ...tolerance(plan) })
        : await applyTolerance(message.event, result, tolerance(plan));
    if (eventOutcome.status === 'stop') return { ...outcome, stop: eventOutcome.reason };
    if (eventOutcome.status === 'delivered') outcome.delivered++;
    else if (eventOutcome.status === 'dead-lettered') outcome.deadLettered++;
    else {
      outcome.dropped++;
      plan.onDropped?.(message.event, result.error);
    }
  }
  return outcome;
}

function tolerance(plan: DeliveryPlan) {
  return {
    tolerance: plan.tolerance,
    task: plan.task,
    sink: plan.sink,
    ...(plan.deadLetter === undefined ? {} : { deadLetter: plan.deadLetter }),
  };
}
