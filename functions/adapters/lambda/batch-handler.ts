import { type PipelineParts, prepareDecoded } from '../../../bus/task/prepare-events.js';
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

/** The AWS Lambda entry point, with the Function Compute 3.0 one as `.fc`. */
export interface BatchHandler<LambdaResult, FcResult> {
  (invocation: unknown, context?: unknown): Promise<LambdaResult>;
  fc(event: Buffer, context?: unknown): Promise<FcResult>;
}

/** What a handler built on createBatchHandler needs; each record's outcome carries its payloads. */
export interface BatchHandlerOptions<LambdaExtra, FcResult> {
  /** Called once per invocation before any record (compile the spec); may be cached. */
  prepare(): Promise<PipelineParts>;
  /** Extra fields of the Lambda response beside `batchItemFailures` (a transformer's outputs). */
  lambdaResult(outcomes: Outcome<unknown, string[]>[]): LambdaExtra;
  /** The FC result once every event succeeded. */
  fcResult(outcomes: Outcome<unknown, string[]>[]): FcResult;
  decode?: DecodeOptions;
}

/**
 * The handler pair every transformer bundle exports: records are decoded by the invoking source's
 * row in the table and run through the pipeline core (`prepareDecoded`, bus/task/prepare-events.ts)
 * as a task runs them — the depth check, the filter and the transform in delivery order, a FUNCTION
 * handler called once for the whole invocation — and the outcomes become that source's answer:
 * Lambda's `batchItemFailures` with `{partition, offset}` identifiers, or FC's result.
 *
 * @example export const handler = createBatchHandler({ prepare, lambdaResult, fcResult }); export const fcHandler = handler.fc;
 */
export function createBatchHandler<LambdaExtra, FcResult>(
  options: BatchHandlerOptions<LambdaExtra, FcResult>,
): BatchHandler<BatchResponse & LambdaExtra, FcResult> {
  const decode = options.decode ?? {};
  const lambda = async (invocation: unknown): Promise<BatchResponse & LambdaExtra> => {
    const source = lambdaSourceOf(invocation, kafkaSources);
    const parts = await options.prepare();
    const outcomes = await run(source.items(invocation, decode), parts);
    return { ...source.respond(outcomes), ...options.lambdaResult(outcomes) };
  };
  const fc = async (event: Buffer): Promise<FcResult> => {
    const parts = await options.prepare();
    const outcomes = await run(fcSource.items(event, decode), parts);
    fcSource.respond(outcomes);
    return options.fcResult(outcomes);
  };
  return Object.assign(lambda, { fc });
}

/**
 * Each record's outcome: its payloads (none when the filter left it out), or why it failed (it did
 * not decode, nests too deep, or its transform failed). A failed record fails alone: the later
 * records of its partition keep their outcomes. Unlike a task's sink bundle, which writes payloads
 * and so fails the rest of the partition to keep the sink's order on Lambda's retry
 * (functions/shared/task/sink-batch.ts), a transformer writes nothing: its outputs go back in the
 * answer beside `batchItemFailures`, and only the failed records are retried (docs/custom-transforms.md).
 */
async function run<Id>(items: SourceItem<Id>[], parts: PipelineParts): Promise<Outcome<Id, string[]>[]> {
  const decoded = items.map((item) => ('issue' in item ? { failure: decodeError(item) } : { event: item.event }));
  const { outcomes, messages } = await prepareDecoded(parts, decoded);
  // each message's offset is its record's index
  const payloads: string[][] = items.map(() => []);
  for (const message of messages) payloads[message.offset]!.push(message.payload);
  return items.map(({ identifier }, at): Outcome<Id, string[]> => {
    const outcome = outcomes[at]!;
    if (outcome.status === 'failed') return { identifier, ok: false, error: outcome.error };
    return { identifier, ok: true, value: payloads[at]! };
  });
}
