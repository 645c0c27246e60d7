import { deployedCheck } from '../../shared/settings/field-check.js';
import { createSinkHandler } from '../../shared/task/sink-handler.js';
import { natsSink } from './connector.js';
import { connect } from './send.js';

/** AWS Lambda entry of the NATS sink (settings in CONFLUX_SINK); Kafka event in, `{batchItemFailures}` out. */
export const handler = createSinkHandler({
  type: 'nats',
  settings: deployedCheck(natsSink),
  connect,
});
/** Function Compute 3.0 entry: a Buffer with a JSON array of CloudEvents in. */
export const fcHandler = handler.fc;
