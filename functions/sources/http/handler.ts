import { createSourceHandler } from '../../shared/task/source-handler.js';
import { httpSource } from './connector.js';

/** AWS Lambda entry of the http source function: an API Gateway HTTP API route (payload 2.0); 200 `{"id"}`, 405, 401, 400 or 5xx out; each event produced to CONFLUX_TARGET's Kafka topic. */
export const handler = createSourceHandler(httpSource);
/** Function Compute 3.0 entry: a Buffer with a JSON array of CloudEvents (EventBridge) in, produced to the same topic. */
export const fcHandler = handler.fc;
