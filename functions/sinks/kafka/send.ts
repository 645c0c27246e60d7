import type { EventLog } from '../../../bus/log/types.js';
import type { SinkWriter } from '../../../bus/task/contract.js';
import { connectKafkaWriter } from '../../shared/kafka/writer.js';
import type { KafkaSinkConfig } from './config.js';

/**
 * Connects a producer (kafkajs when `brokers` are given, else the embedded bus) and compiles the
 * key and header specs once (functions/shared/kafka/writer.ts, which source functions share). A
 * write resolves when the broker acknowledged every record (per `acks`).
 */
export function connect(config: KafkaSinkConfig, context: { baseDir: string; log?: EventLog }): Promise<SinkWriter> {
  return connectKafkaWriter(config, { ...context, at: 'sink', code: 'sink.kafka.field' });
}
