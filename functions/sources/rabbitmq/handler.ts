import { createSourceHandler } from '../../shared/task/source-handler.js';
import { rabbitmqSource } from './connector.js';

/** AWS Lambda entry of the rabbitmq source function: Amazon MQ for RabbitMQ (`aws:rmq`); a failed message fails the invocation; each event produced to CONFLUX_TARGET's Kafka topic. */
export const handler = createSourceHandler(rabbitmqSource);
/** Function Compute 3.0 entry: a Buffer with a JSON array of CloudEvents (EventBridge) in, produced to the same topic. */
export const fcHandler = handler.fc;
