import { ConfluxError } from '../errors.js';

/**
 * A problem with the embedded log or the Kafka adapter. Codes:
 * `log.topic-name` (a name Kafka would refuse), `log.partition` (no such partition),
 * `log.lock-timeout` (another writer held a partition too long; retriable),
 * `log.corrupt` (a topic or offsets file that does not parse), `log.closed`,
 * `log.record-too-large` (key and value over 64 MiB),
 * `log.kafka` (kafkajs failed; retriable when kafkajs says so), `log.kafka-transaction` (an exactly-once
 * transaction was aborted: the batch is re-delivered from the last commit).
 */
export class LogError extends ConfluxError {}
