import { requiredWhenDeployed } from '../../shared/deployed-settings.js';
import { createSinkHandler } from '../../shared/sink-handler.js';
import { connect } from './send.js';
import { redisSettings } from './settings.js';

/** AWS Lambda entry of the Redis sink (settings in CONFLUX_SINK); Kafka event in, `{batchItemFailures}` out. */
export const handler = createSinkHandler({
  type: 'redis',
  settings: requiredWhenDeployed(redisSettings, 'url', 'the Redis server to write to'),
  connect,
});
/** Function Compute 3.0 entry: a Buffer with a JSON array of CloudEvents in. */
export const fcHandler = handler.fc;
