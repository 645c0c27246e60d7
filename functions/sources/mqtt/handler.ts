import { createSourceHandler } from '../../shared/task/source-handler.js';
import { mqttSource } from './connector.js';

/** AWS Lambda entry of the mqtt source function: an AWS IoT rule's Lambda action (the SQL `conflux package` writes); a failed message fails the invocation; each event produced to CONFLUX_TARGET's Kafka topic. */
export const handler = createSourceHandler(mqttSource);
/** Function Compute 3.0 entry: a Buffer with a JSON array of CloudEvents (EventBridge) in, produced to the same topic. */
export const fcHandler = handler.fc;
