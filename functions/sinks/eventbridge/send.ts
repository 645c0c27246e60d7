import { EventBridgeClient, PutEventsCommand, type PutEventsCommandOutput } from '@aws-sdk/client-eventbridge';
import {
  classifyError,
  type ErrorRule,
  retry,
  SinkError,
  statusVerdict,
  type Verdict,
} from '../../../bus/delivery/errors.js';
import { messageOf } from '../../../bus/errors.js';
import type { SinkWriter } from '../../../bus/task/contract.js';
import type { EventbridgeSinkConfig } from './config.js';
import { chunks, encode, failedEntriesError } from './encode.js';

/**
 * Opens an EventBridge client (AWS, or the emulator at `endpoint`) and puts each payload as an
 * event's Detail. A write checks every payload first (a non-object Detail rejects it, permanently,
 * before anything is sent), then calls PutEvents chunk after chunk (≤ 10 entries, ≤ 256 KiB), in
 * order; `FailedEntryCount > 0` rejects the write. The SDK makes one attempt a call: the task's
 * retry policy is the one that retries.
 *
 * @example const sink = await connect({ type: 'eventbridge', endpoint: 'http://127.0.0.1:4010', region: 'us-east-1', eventBusName: 'default', source: 'shop', detailType: 'OrderPaid' }, { baseDir: '.' })
 */
export async function connect(config: EventbridgeSinkConfig, _context: { baseDir: string }): Promise<SinkWriter> {
  const client = newClient(config);
  let closed = false;
  return {
    async write(messages) {
      if (closed) throw new SinkError('sink.eventbridge.closed', 'the EventBridge sink is closed', { retriable: true });
      const entries = messages.map((message) => encode(message, config));
      for (const chunk of chunks(entries)) {
        let answer: PutEventsCommandOutput;
        try {
          answer = await client.send(new PutEventsCommand({ Entries: chunk }));
        } catch (error) {
          throw new SinkError('sink.eventbridge.put-events', `PutEvents failed: ${messageOf(error)}`, {
            retriable: classify(error).verdict === 'retry',
            status: (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode,
            cause: error,
          });
        }
        if ((answer.FailedEntryCount ?? 0) > 0) throw failedEntriesError(answer.Entries ?? []);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      client.destroy();
    },
  };
}

/** Credentials come from the usual AWS chain (environment, profile, role); the emulator takes any. */
function newClient(config: EventbridgeSinkConfig): EventBridgeClient {
  return new EventBridgeClient({
    region: config.region,
    maxAttempts: 1,
    ...(config.endpoint === undefined ? {} : { endpoint: config.endpoint }),
  });
}

/** The AWS SDK's rules: an error the SDK marks `$retryable` (throttling, transient) retries; else its HTTP status decides. */
const AWS_RULES: ErrorRule[] = [
  (e) =>
    e.$retryable !== undefined && e.$retryable !== null ? retry(`retryable AWS error ${String(e.name)}`) : undefined,
  (e) => {
    const status = (e.$metadata as { httpStatusCode?: unknown } | undefined)?.httpStatusCode;
    return typeof status === 'number' && status >= 100 && status <= 599 ? statusVerdict(status) : undefined;
  },
];

/**
 * Whether another attempt can help after `error` from the AWS SDK: throttling, 5xx and the
 * network retry; a 4xx (validation, access denied) does not.
 *
 * @example classify(throttlingException) // {verdict:'retry', reason:'retryable AWS error ThrottlingException'}
 */
export function classify(error: unknown): Verdict {
  return classifyError(error, AWS_RULES);
}
