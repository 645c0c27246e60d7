import { createSinkHandler } from '../../shared/sink-handler.js';
import { kafkaSinkConfig } from './config.js';
import { connect } from './send.js';

// A deployed function has no embedded bus beside it: the target cluster must be named.
const deployedConfig = kafkaSinkConfig.refine((config) => config.brokers !== undefined, {
  path: ['brokers'],
  message: 'required when deployed: the bootstrap servers of the target cluster (there is no embedded bus)',
});

/** AWS Lambda entry of the Kafka sink (settings in CONFLUX_SINK, brokers required); Kafka event in, `{batchItemFailures}` out. */
export const handler = createSinkHandler({ type: 'kafka', config: deployedConfig, connect });
/** Function Compute 3.0 entry: a Buffer with a JSON array of CloudEvents in. */
export const fcHandler = handler.fc;
