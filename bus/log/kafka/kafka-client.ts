/** The kafkajs client conflux uses for Kafka sources and sinks: quiet logs, a few quick retries. */
import { Kafka, logLevel } from 'kafkajs';
import { LogError } from '../errors.js';

/** A kafkajs client for `brokers` (host:port strings). */
export function kafkaClient(brokers: string[], clientId = 'conflux'): Kafka {
  if (brokers.length === 0) throw new LogError('log.kafka', 'brokers is empty: name at least one host:port');
  return new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING, retry: { retries: 8, initialRetryTime: 100 } });
}

/**
 * Wraps a kafkajs failure as a LogError that keeps kafkajs' `retriable` verdict: the Kafka
 * adapter's classification of kafkajs errors (bus/delivery judges the LogError by that flag).
 * When kafkajs gave up after its own retries (`KafkaJSNumberOfRetriesExceeded`, itself flagged not
 * retriable), the error it gave up on decides: brokers that stayed down for the client's few quick
 * retries are a network failure, which the task's retry policy then waits out (DESIGN.md: network
 * errors are retriable) instead of dead-lettering every record of the outage.
 *
 * @example kafkaError('cannot produce to orders', new KafkaJSConnectionError('refused')).retriable // true
 */
export function kafkaError(what: string, error: unknown): LogError {
  const retriable = isRetriable(error);
  const message = error instanceof Error ? error.message : String(error);
  return new LogError('log.kafka', `${what}: ${message}`, { retriable, cause: error });
}

function isRetriable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  if ('retriable' in error && error.retriable === true) return true;
  const { name, cause } = error as { name?: unknown; cause?: unknown };
  return name === 'KafkaJSNumberOfRetriesExceeded' && cause !== error && isRetriable(cause);
}
