import { deployedCheck } from '../../shared/settings/field-check.js';
import { createSinkHandler } from '../../shared/task/sink-handler.js';
import { kafkaSink } from './connector.js';
import { connect } from './send.js';

/** AWS Lambda entry of the Kafka sink (settings in CONFLUX_SINK, brokers required); Kafka event in, `{batchItemFailures}` out. */
export const handler = createSinkHandler({
  type: 'kafka',
  // a deployed function has no embedded bus beside it: the target cluster must be named
  settings: deployedCheck(kafkaSink),
  connect,
});
/** Function Compute 3.0 entry: a Buffer with a JSON array of CloudEvents in. */
export const fcHandler = handler.fc;
