import type { CloudEvent } from '../../../bus/event.js';
import {
  type BatchResponse,
  type DecodeOptions,
  decodeError,
  fcSource,
  kafkaSources,
  lambdaSourceOf,
  type Outcome,
} from './event-sources.js';
import type { SourceItem } from './kafka.js';

/**
 * Handles one decoded event; a rejection fails that record only. `wholeBatch`, when present, takes
 * every event of an FC invocation in one call (FC succeeds or fails a batch as a whole anyway, and
 * a Function Compute style transform expects the batch as EventBridge delivered it).
 */
export type RecordHandler<R> = ((event: CloudEvent) => Promise<R>) & {
  wholeBatch?: (events: CloudEvent[]) => Promise<R>;
};

/** The AWS Lambda entry point, with the Function Compute 3.0 one as `.fc`. */
export interface BatchHandler<LambdaResult, FcResult> {
  (invocation: unknown, context?: unknown): Promise<LambdaResult>;
  fc(event: Buffer, context?: unknown): Promise<FcResult>;
}

/** What a handler built on createBatchHandler needs. */
export interface BatchHandlerOptions<R, LambdaExtra, FcResult> {
  /** Called once per invocation before any record (compile the spec, connect); may be cached. */
  prepare(): Promise<RecordHandler<R>>;
  /** Extra fields of the Lambda response beside `batchItemFailures` (a transformer's outputs). */
  lambdaResult(outcomes: Outcome<unknown, R>[]): LambdaExtra;
  /** The FC result once every event succeeded. */
  fcResult(outcomes: Outcome<unknown, R>[]): FcResult;
  decode?: DecodeOptions;
}

/**
 * The handler pair every bundle exports, built from one record handler: records are decoded by the
 * invoking source's row in the table, handled one at a time in delivery order (per-key order is
 * the contract), and the settled outcomes become that source's answer — Lambda's
 * `batchItemFailures` with `{partition, offset}` identifiers, or FC's result.
 *
 * @example export const handler = createBatchHandler({ prepare, lambdaResult, fcResult }); export const fcHandler = handler.fc;
 */
export function createBatchHandler<R, LambdaExtra, FcResult>(
  options: BatchHandlerOptions<R, LambdaExtra, FcResult>,
): BatchHandler<BatchResponse & LambdaExtra, FcResult> {
  const decode = options.decode ?? {};
  const lambda = async (invocation: unknown): Promise<BatchResponse & LambdaExtra> => {
    const source = lambdaSourceOf(invocation, kafkaSources);
    const handle = await options.prepare();
    const outcomes = await settle(source.items(invocation, decode), handle);
    return { ...source.respond(outcomes), ...options.lambdaResult(outcomes) };
  };
  const fc = async (event: Buffer): Promise<FcResult> => {
    const handle = await options.prepare();
    const items = fcSource.items(event, decode);
    if (handle.wholeBatch !== undefined && items.every((item) => 'event' in item)) {
      const events = items.map((item) => ('event' in item ? item.event : (undefined as never)));
      return options.fcResult([{ identifier: 'batch', ok: true, value: await handle.wholeBatch(events) }]);
    }
    const outcomes = await settle(items, handle);
    fcSource.respond(outcomes);
    return options.fcResult(outcomes);
  };
  return Object.assign(lambda, { fc });
}

async function settle<Id, R>(items: SourceItem<Id>[], handle: RecordHandler<R>): Promise<Outcome<Id, R>[]> {
  const outcomes: Outcome<Id, R>[] = [];
  for (const item of items) {
    if ('issue' in item) {
      outcomes.push({ identifier: item.identifier, ok: false, error: decodeError(item) });
      continue;
    }
    try {
      outcomes.push({ identifier: item.identifier, ok: true, value: await handle(item.event) });
    } catch (error) {
      outcomes.push({ identifier: item.identifier, ok: false, error });
    }
  }
  return outcomes;
}
