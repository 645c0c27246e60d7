import type { HttpIngress, IngressRequest } from '../../../bus/emulator/http/ingress.js';
import type { Reply } from '../../../bus/emulator/http/server.js';
import { depthProblem, MAX_JSON_DEPTH } from '../../../bus/json-depth.js';
import type { RecordBatch, TaskSource } from '../../../bus/task/contract.js';
import type { HttpSourceConfig } from './config.js';
import { body } from './decode.js';
import { refusal } from './gate.js';
import { requestRecord } from './record.js';
import { UNAVAILABLE, WaitingRequests } from './waiting.js';

export { decode } from './decode.js';

/** How much an HTTP source holds at once. */
export interface HttpSourceLimits {
  /** Most requests handed to the task in one batch. */
  maxBatch: number;
  /** Most requests waiting (queued or being delivered); more get 429. */
  maxWaiting: number;
  /** Most body bytes waiting: a thousand 1 MiB bodies would hold a gigabyte; a request past this gets 429. */
  maxWaitingBytes: number;
}

/** How deep a JSON body may nest: its event holds it at `data.body`, within MAX_JSON_DEPTH. */
const BODY_DEPTH = MAX_JSON_DEPTH - 2;

/**
 * About a hundred requests a batch, a thousand or 64 MiB of bodies waiting at most: a sender
 * beyond that hears 429 and retries.
 */
export const DEFAULT_LIMITS: HttpSourceLimits = { maxBatch: 100, maxWaiting: 1000, maxWaitingBytes: 64 * 1024 * 1024 };

/**
 * Starts listening on the source's path (`/sources/<task>` by default) of the emulator's server;
 * throws the ingress's error when the path is taken or reserved. At-least-once, as a webhook
 * sender expects: each accepted request becomes one record, and its answer waits until the task
 * committed that record — `200 {"id": <event id>}` once delivered or dead-lettered, `503` when
 * the task fails or stops first (the sender sends it again; a resume calls openSource anew).
 * Requests that arrive while a batch is being delivered go together in the next one.
 *
 * @example const source = await openSource(config, { task: 'orders-hook', ingress }); await source.run(onBatch);
 */
export async function openSource(
  config: HttpSourceConfig,
  context: { task: string; ingress: HttpIngress },
  limits: HttpSourceLimits = DEFAULT_LIMITS,
): Promise<TaskSource> {
  const path = config.path ?? `/sources/${context.task}`;
  const waiting = new WaitingRequests(limits.maxBatch);
  let nextOffset = 0;
  let stopped = false;

  const receive = async (request: IngressRequest): Promise<Reply> => {
    const refused = refusal(config, request);
    if (refused !== undefined) return refused;
    if (stopped) return UNAVAILABLE;
    if (waiting.size >= limits.maxWaiting) {
      return { status: 429, body: { error: `${limits.maxWaiting} requests already wait on ${path}; send it again` } };
    }
    if (waiting.bytes + request.body.length > limits.maxWaitingBytes) {
      const error = `requests of ${waiting.bytes} bytes already wait on ${path} (at most ${limits.maxWaitingBytes}); send it again`;
      return { status: 429, body: { error } };
    }
    // the task would refuse its event (bus/task/prepare-events.ts), where the body sits two levels down
    // (data.body); the sender hears why instead
    const deep = depthProblem(body(request.body, request.headers['content-type']).body, BODY_DEPTH);
    if (deep !== undefined) return { status: 400, body: { error: `the request body ${deep} (its event's data.body)` } };
    const place = { topic: path, offset: nextOffset++ };
    return waiting.add(requestRecord(request, context.task, place, Date.now(), config.dropHeaders));
  };
  const unregister = context.ingress.register(path, receive);

  /** Frees the path and answers everything still waiting 503; later calls do nothing. */
  const shutdown = () => {
    if (stopped) return;
    stopped = true;
    unregister();
    waiting.close();
  };
  let running: Promise<void> | undefined;

  return {
    run(onBatch: (batch: RecordBatch) => Promise<void>) {
      if (running !== undefined) throw new Error(`the HTTP source on ${path} is already running`);
      running = (async () => {
        try {
          for (let records = await waiting.next(); records !== undefined; records = await waiting.next()) {
            await onBatch({ topic: path, partition: 0, records });
            // the task came back without committing (it failed or paused): these will not be delivered now
            waiting.releaseInFlight();
          }
        } finally {
          shutdown();
        }
      })();
      return running;
    },
    async commit(_topic, _partition, next) {
      waiting.committed(next);
    },
    async stop() {
      shutdown();
      await running?.catch(() => undefined);
    },
  };
}
