import { requiredWhenDeployed } from '../../shared/deployed-settings.js';
import { createSinkHandler } from '../../shared/sink-handler.js';
import { connect } from './send.js';
import { mqttSettings } from './settings.js';

/** AWS Lambda entry of the MQTT sink (settings in CONFLUX_SINK); Kafka event in, `{batchItemFailures}` out. */
export const handler = createSinkHandler({
  type: 'mqtt',
  settings: requiredWhenDeployed(mqttSettings, 'url', 'the MQTT broker to publish to'),
  connect,
});
/** Function Compute 3.0 entry: a Buffer with a JSON array of CloudEvents in. */
export const fcHandler = handler.fc;
