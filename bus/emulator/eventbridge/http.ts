import type { Clock } from '../../delivery/index.js';
import { messageOf } from '../../errors.js';
import type { CloudEvent } from '../../event.js';
import { ApiError } from '../api-error.js';
import type { Reply, Route } from '../http/server.js';
import { signingRegion } from './arns.js';
import { AwsError } from './errors.js';
import { scheduledEvent } from './event.js';
import { queueForTargets } from './fan-out.js';
import { Input } from './input.js';
import { operationOf } from './operations.js';
import { RuleSchedules } from './schedules.js';
import { EventBridgeStore } from './store.js';
import { TargetDispatcher, type TargetFailure, type TaskDelivery } from './targets.js';
import type { Rule } from './types.js';

/** The content type of AWS JSON 1.1 requests and answers. */
export const AMZ_JSON_11 = 'application/x-amz-json-1.1';

const reply = (status: number, body: object): Reply => ({
  status,
  text: JSON.stringify(body),
  contentType: AMZ_JSON_11,
});

/** A request body, with JSON that does not parse answered as AWS answers it. */
async function readBody(body: () => Promise<unknown>): Promise<unknown> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof ApiError && error.code === 'request.json')
      throw new AwsError('SerializationException', error.message, { cause: error });
    if (error instanceof ApiError && error.code === 'request.depth')
      throw new AwsError('ValidationException', error.message, { cause: error });
    throw error;
  }
}

/** What the wiring may pass: the clock schedules run on, and a signal that stops them. */
export interface EventBridgeOptions {
  /** Default: the real clock, with timers that never keep the process alive. */
  clock?: Clock;
  /** Aborted when the emulator stops: every schedule's timer is cleared. */
  signal?: AbortSignal;
  /** Told of every target failure: entries throttled, events accepted and then not delivered (the emulator logs them). */
  onTargetFailure?: (failure: TargetFailure) => void;
  /** Bound of each target's queue (default TARGET_QUEUE_LIMITS). */
  targetQueue?: { events: number; bytes: number };
}

/** Sends a scheduled rule's event, due at `at`, to its targets (each shaped by its input settings). */
function fireScheduled(rule: Rule, at: Date, store: EventBridgeStore, targets: TargetDispatcher): void {
  const queued = new Map<string, CloudEvent[]>();
  queueForTargets(rule, scheduledEvent(rule.arn, at, store), at, queued);
  for (const [arn, events] of queued) targets.send(arn, events);
}

/**
 * The EventBridge-compatible API, `POST /` with `X-Amz-Target: AWSEvents.<Op>`, so
 * `@aws-sdk/client-eventbridge` works with `endpoint` set. State lives in memory per region
 * (read from the request's SigV4 signature) for one emulator run; matched events go to
 * `delivery` for rule targets `arn:conflux:task:<task>`. Enabled schedule rules fire on
 * `options.clock` until `options.signal` aborts.
 */
export function eventBridgeRoutes(delivery: TaskDelivery, options: EventBridgeOptions = {}): Route[] {
  const regions = new Map<string, { store: EventBridgeStore; schedules: RuleSchedules }>();
  const targets = new TargetDispatcher(delivery, {
    ...(options.onTargetFailure === undefined ? {} : { onFailure: options.onTargetFailure }),
    ...(options.targetQueue === undefined ? {} : { limits: options.targetQueue }),
  });
  const regionOf = (name: string) => {
    let region = regions.get(name);
    if (region === undefined) {
      const store = new EventBridgeStore(name);
      const fire = (rule: Rule, at: number) => fireScheduled(rule, new Date(at), store, targets);
      region = { store, schedules: new RuleSchedules(fire, options.clock, options.signal) };
      regions.set(name, region);
    }
    return region;
  };
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  return [
    {
      method: 'POST',
      path: /^\/$/,
      handle: async ({ headers, body }) => {
        try {
          const operation = operationOf(first(headers['x-amz-target']));
          const input = Input.read(await readBody(body));
          const { store, schedules } = regionOf(signingRegion(first(headers.authorization)));
          return reply(200, operation(input, { store, targets, schedules }));
        } catch (error) {
          if (error instanceof AwsError) return reply(error.status, error.body());
          if (error instanceof ApiError) throw error; // the server's own answers (a body over 1 MiB: 413)
          return reply(500, { __type: 'InternalException', message: messageOf(error) });
        }
      },
    },
  ];
}
