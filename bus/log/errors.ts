import { ConfluxError } from '../errors.js';

/**
 * A problem with the embedded log or the Kafka adapter. Codes:
 * `log.topic-name` (a name Kafka would refuse), `log.partition` (no such partition),
 * `log.lock-timeout` (another writer held a partition too long; retriable),
 * `log.corrupt` (bytes in the middle of a segment that are no frame), `log.closed`,
 * `log.kafka` (kafkajs failed; retriable when kafkajs says so).
 */
export class LogError extends ConfluxError {}
