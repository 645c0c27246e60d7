import { requiredWhenDeployed } from '../../shared/deployed-settings.js';
import { createSinkHandler } from '../../shared/sink-handler.js';
import { connect } from './send.js';
import { kafkaSettings } from './settings.js';

/** AWS Lambda entry of the Kafka sink (settings in CONFLUX_SINK, brokers required); Kafka event in, `{batchItemFailures}` out. */
export const handler = createSinkHandler({
  type: 'kafka',
  // a deployed function has no embedded bus beside it: the target cluster must be named
  settings: requiredWhenDeployed(kafkaSettings, 'brokers', 'the bootstrap servers of the target cluster'),
  connect,
});
/** Function Compute 3.0 entry: a Buffer with a JSON array of CloudEvents in. */
export const fcHandler = handler.fc;
