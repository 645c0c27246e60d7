import { ConfluxError } from '../errors.js';
import type { CloudEvent } from '../event.js';
import { depthProblem, MAX_JSON_DEPTH } from '../json-depth.js';
import type { DecodedEvent, TaskParts } from './contract.js';
import type { LaneMessage } from './deliver.js';

/** The filter and the transform a task runs, with FUNCTION's whole-batch call when the form has one. */
export type PipelineParts = Pick<TaskParts, 'filter' | 'transform' | 'transformBatch'>;

/**
 * What the one running the core hands it and hears back, each event by its index: the emulator's
 * records (`prepareChunk`, prepare.ts), a deployed function's decoded invocation (`prepareDecoded`).
 */
export interface EventSteps {
  /** How many events there are. */
  readonly size: number;
  /** The event at `at`; throws when there is none (a record that does not decode). */
  decode(at: number): DecodedEvent;
  /** The event at `at` was left out by the filter. */
  filtered(at: number): void;
  /** The sink message for one payload of the event at `at`. */
  message(at: number, event: CloudEvent, payload: string): LaneMessage;
  /**
   * The event at `at` failed; `event` is absent when it did not decode or nests too deep to be
   * written. Answers false (or a promise of it) when nothing after it is to be prepared.
   */
  failed(at: number, event: CloudEvent | undefined, error: unknown): boolean | Promise<boolean>;
}

/** An event that passed the filter, by its index. */
interface Passed {
  at: number;
  event: CloudEvent;
  text: string | undefined;
}

/**
 * The one pipeline core: each event's depth check (MAX_JSON_DEPTH), filter and transform, in
 * order, into sink messages. A transform that takes whole batches (FUNCTION) gets every event that
 * passed in one call, after the loop. A failure is handed to `steps.failed` at once; when it
 * answers false, the messages so far are returned and nothing after it is prepared.
 */
export async function prepareEvents(parts: PipelineParts, steps: EventSteps): Promise<LaneMessage[]> {
  const messages: LaneMessage[] = [];
  const passed: Passed[] = [];
  for (let next = 0; next < steps.size; ) {
    const pause = prepareAtOnce(parts, steps, next, messages, passed);
    next = pause.next;
    if (pause.waiting !== undefined) {
      const { one, outputs } = pause.waiting;
      try {
        for (const payload of await outputs) messages.push(steps.message(one.at, one.event, payload));
      } catch (error) {
        if (!(await steps.failed(one.at, one.event, error))) return messages;
      }
    } else if (pause.failed !== undefined) {
      const { at, event, error } = pause.failed;
      if (!(await steps.failed(at, event, error))) return messages;
    }
  }
  if (passed.length > 0) await transformBatch(parts, steps, passed, messages);
  return messages;
}

/** Where preparing at once had to stop: at the end, at a transform to wait for, or at a failure to hand over. */
interface Pause {
  next: number;
  waiting?: { one: Passed; outputs: Promise<string[]> };
  failed?: { at: number; event: CloudEvent | undefined; error: unknown };
}

/**
 * Prepares events from `from` on without waiting for anything — no promise and no await per
 * event for the forms that answer at once — until one needs waiting for (a JSONATA result, a
 * failure to hand over) or the events end.
 */
function prepareAtOnce(
  parts: PipelineParts,
  steps: EventSteps,
  from: number,
  messages: LaneMessage[],
  passed: Passed[],
): Pause {
  for (let at = from; at < steps.size; at++) {
    let event: CloudEvent | undefined;
    try {
      const decoded = steps.decode(at);
      const deep = depthProblem(decoded.event, MAX_JSON_DEPTH, decoded.unread);
      if (deep !== undefined) {
        // decided as the testers decide; matching or writing it would overflow the stack
        const error = new ConfluxError('event.too-deep', `the event ${deep}`);
        return { next: at + 1, failed: { at, event: undefined, error } };
      }
      event = decoded.event;
      if (parts.filter !== undefined && !parts.filter(event)) {
        steps.filtered(at);
        continue;
      }
      if (parts.transformBatch !== undefined) {
        passed.push({ at, event, text: decoded.text });
        continue;
      }
      const outputs = parts.transform(event, decoded.text);
      if (!Array.isArray(outputs))
        return { next: at + 1, waiting: { one: { at, event, text: decoded.text }, outputs } };
      for (let j = 0; j < outputs.length; j++) messages.push(steps.message(at, event, outputs[j]!));
    } catch (error) {
      return { next: at + 1, failed: { at, event, error } };
    }
  }
  return { next: steps.size };
}

/**
 * One call for every event that passed. One output per event keeps each output with its event (its
 * key, lane and dead letter); any other count goes out with the last event. When the call fails,
 * each event is tried alone so that only the bad ones fail — unless the handler timed out, which
 * every event would wait out again: then they all fail with it.
 */
async function transformBatch(
  parts: PipelineParts,
  steps: EventSteps,
  passed: Passed[],
  messages: LaneMessage[],
): Promise<void> {
  const texts = passed.every((one) => one.text !== undefined) ? passed.map((one) => one.text!) : undefined;
  let outputs: string[];
  try {
    outputs = await parts.transformBatch!(
      passed.map((one) => one.event),
      texts,
    );
  } catch (error) {
    const timedOut = (error as { code?: unknown }).code === 'transform.handler-timeout';
    for (const one of passed) {
      try {
        if (timedOut) throw error;
        const alone = parts.transform(one.event, one.text);
        for (const payload of Array.isArray(alone) ? alone : await alone)
          messages.push(steps.message(one.at, one.event, payload));
      } catch (failure) {
        if (!(await steps.failed(one.at, one.event, failure))) return;
      }
    }
    return;
  }
  const oneEach = outputs.length === passed.length;
  for (let i = 0; i < outputs.length; i++) {
    const one = oneEach ? passed[i]! : passed.at(-1)!;
    messages.push(steps.message(one.at, one.event, outputs[i]!));
  }
}

/** A decoded event, or why there is none (a record its trigger's decoder could not read). */
export type DecodedItem = DecodedEvent | { failure: unknown };

/** What became of one event: left out by the filter, the number of payloads it gave, or why it failed. */
export type EventOutcome =
  | { status: 'filtered' }
  | { status: 'passed'; payloads: number }
  | { status: 'failed'; error: unknown };

/**
 * The core's entry for events decoded already (a deployed function's invocation): each item's
 * outcome, by index, and the messages of those that passed — each message's `offset` is its
 * event's index (key null, partition 0). Nothing is settled here: a failure is an outcome, and
 * the events after it are prepared as usual.
 *
 * @example const { outcomes, messages } = await prepareDecoded({ transform: (e) => [e.id] }, [{ event }])
 */
export async function prepareDecoded(
  parts: PipelineParts,
  items: readonly DecodedItem[],
): Promise<{ outcomes: EventOutcome[]; messages: LaneMessage[] }> {
  const outcomes: EventOutcome[] = items.map(() => ({ status: 'passed', payloads: 0 }));
  const messages = await prepareEvents(parts, {
    size: items.length,
    decode: (at) => {
      const item = items[at]!;
      if ('failure' in item) throw item.failure;
      return item;
    },
    filtered: (at) => {
      outcomes[at] = { status: 'filtered' };
    },
    message: (at, event, payload) => {
      (outcomes[at] as { payloads: number }).payloads++;
      return { event, payload, key: null, partition: 0, offset: at };
    },
    failed: (at, _event, error) => {
      outcomes[at] = { status: 'failed', error };
      return true;
    },
  });
  return { outcomes, messages };
}
