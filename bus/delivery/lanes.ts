import { DeliveryConfigError, DeliveryStoppedError } from './errors.js';

/**
 * A task's lanes: records spread over `concurrency` lanes by key hash; each lane delivers
 * its records one at a time in push order, the lanes run side by side. Records with one key
 * always share a lane, so they arrive in order at any concurrency. Records without a key go
 * to the lane of their partition: for them it is the partition's order that is kept (as in
 * Kafka), and one partition's keyless records do not spread over lanes.
 */

/** What the lanes need of a record. `key` is the record key as text (e.g. UTF-8 or base64 of the bytes). */
export interface LaneItem {
  key: string | null;
  partition: number;
  offset: number;
}

/**
 * How one record ended, as `deliver` reports it. `delivered`, `dead-lettered` and `dropped`
 * (no dead letter queue configured) all acknowledge the record — its offset may be committed.
 * `stop` (a failure under `tolerance: NONE`, or an aborted delivery) acknowledges nothing
 * and stops the lanes with `reason`.
 */
export type Outcome =
  | { status: 'delivered' }
  | { status: 'dead-lettered' }
  | { status: 'dropped' }
  | { status: 'stop'; reason: unknown };

/** Options of `createLanes`. */
export interface LanesOptions<T extends LaneItem> {
  /** Number of lanes, 1..32 (the task's `concurrency`). */
  concurrency: number;
  /** At most this many records pushed and not yet settled, over all lanes; `push` waits beyond it. */
  maxInFlight?: number;
  /** Delivers one record (with retries). `signal` aborts when the lanes stop. Throwing counts as `stop`. */
  deliver: (item: T, signal: AbortSignal) => Promise<Outcome>;
  /** Told of every record that finished delivering, in each lane's order (ack offsets and count here). */
  onSettled?: (item: T, outcome: Outcome) => void;
}

/** A running set of lanes. */
export interface Lanes<T extends LaneItem> {
  /**
   * Hands a record to its lane. Resolves `true` once accepted — waiting first while
   * `maxInFlight` records are in flight (backpressure) — or `false` if the lanes have
   * stopped, in which case the record was not taken. Records are taken in call order.
   */
  push(item: T): Promise<boolean>;
  /** Resolves when no accepted record is in flight (all settled, or dropped by a stop). */
  drain(): Promise<void>;
  /** Stops taking and starting records (task paused or stopped); deliveries in progress finish or abort. */
  stop(reason: unknown): void;
  /** Aborts when the lanes stop; `signal.reason` is a `DeliveryStoppedError` whose `cause` is the reason. */
  readonly signal: AbortSignal;
  /** Records accepted and not yet settled or abandoned. */
  readonly inFlight: number;
  /** Records accepted but never delivered because the lanes stopped (their offsets stay uncommitted). */
  readonly abandoned: number;
}

/** The default bound on records in flight per task. */
export const DEFAULT_MAX_IN_FLIGHT = 1024;

/** FNV-1a over the UTF-16 code units: cheap, stable across runs and processes. */
function hashKey(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** The lane (0-based) a record goes to. */
export function laneOf(item: LaneItem, concurrency: number): number {
  return (item.key === null ? item.partition : hashKey(item.key)) % concurrency;
}

function checkWhole(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `${min}..${max}`;
    throw new DeliveryConfigError('delivery.lanes.invalid', `${name} must be a whole number ${range}, got ${value}`, {
      path: name,
    });
  }
}

/**
 * Starts lanes for a task. A record whose outcome is `stop` ends them all, like
 * Powertools' `SqsFifoPartialProcessor` short-circuit: lanes finish the record in hand and
 * deliver nothing more, and the records behind stay uncommitted for the resume.
 *
 * @example const lanes = createLanes({ concurrency: 6, deliver }); if (!(await lanes.push(record))) return lanes.signal.reason
 */
export function createLanes<T extends LaneItem>(options: LanesOptions<T>): Lanes<T> {
  const { concurrency, deliver, onSettled } = options;
  const maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
  checkWhole('concurrency', concurrency, 1, 32);
  checkWhole('maxInFlight', maxInFlight, 1, Number.MAX_SAFE_INTEGER);

  const controller = new AbortController();
  const queues: T[][] = Array.from({ length: concurrency }, () => []);
  const running = new Array<boolean>(concurrency).fill(false);
  const waiting: { item: T; resolve: (accepted: boolean) => void }[] = [];
  let idle: (() => void)[] = [];
  let inFlight = 0;
  let abandoned = 0;

  const stop = (reason: unknown) => {
    if (controller.signal.aborted) return;
    controller.abort(new DeliveryStoppedError(reason));
    for (const waiter of waiting.splice(0)) waiter.resolve(false);
    checkIdle();
  };

  const checkIdle = () => {
    if (inFlight > 0 || waiting.length > 0) return;
    const resolvers = idle;
    idle = [];
    for (const resolve of resolvers) resolve();
  };

  const accept = (item: T) => {
    const lane = laneOf(item, concurrency);
    inFlight += 1;
    queues[lane]!.push(item);
    if (!running[lane]) void run(lane);
  };

  const settle = (item: T, outcome: Outcome) => {
    inFlight -= 1;
    try {
      onSettled?.(item, outcome);
    } catch (error) {
      stop(error);
    }
    if (outcome.status === 'stop') stop(outcome.reason);
    while (!controller.signal.aborted && waiting.length > 0 && inFlight < maxInFlight) {
      const waiter = waiting.shift()!;
      accept(waiter.item);
      waiter.resolve(true);
    }
  };

  const run = async (lane: number) => {
    running[lane] = true;
    const queue = queues[lane]!;
    while (queue.length > 0 && !controller.signal.aborted) {
      const item = queue[0]!;
      let outcome: Outcome;
      try {
        outcome = await deliver(item, controller.signal);
      } catch (error) {
        outcome = { status: 'stop', reason: error };
      }
      queue.shift();
      settle(item, outcome);
    }
    abandoned += queue.length;
    inFlight -= queue.length;
    queue.length = 0;
    running[lane] = false;
    checkIdle();
  };

  return {
    push(item) {
      if (controller.signal.aborted) return Promise.resolve(false);
      if (waiting.length === 0 && inFlight < maxInFlight) {
        accept(item);
        return Promise.resolve(true);
      }
      return new Promise<boolean>((resolve) => waiting.push({ item, resolve }));
    },
    drain() {
      return new Promise<void>((resolve) => {
        idle.push(resolve);
        checkIdle();
      });
    },
    stop,
    signal: controller.signal,
    get inFlight() {
      return inFlight;
    },
    get abandoned() {
      return abandoned;
    },
  };
}
