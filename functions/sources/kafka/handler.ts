import { createSourceHandler } from '../../shared/task/source-handler.js';
import { kafkaSource } from './connector.js';

/** AWS Lambda entry of the kafka source function: Lambda's Kafka event source mapping (MSK `aws:kafka` or `SelfManagedKafka`); `{batchItemFailures}` out; each event produced to CONFLUX_TARGET's Kafka topic. */
export const handler = createSourceHandler(kafkaSource);
/** Function Compute 3.0 entry: a Buffer with a JSON array of CloudEvents (EventBridge) in, produced to the same topic. */
export const fcHandler = handler.fc;
