import { createSinkHandler } from '../../shared/sink-handler.js';
import { connect } from './send.js';
import { mysqlSettings } from './settings.js';

/** AWS Lambda entry of the MySQL / MariaDB sink (settings in CONFLUX_SINK); Kafka event in, `{batchItemFailures}` out. */
export const handler = createSinkHandler({ type: 'mysql', settings: mysqlSettings, connect });
/** Function Compute 3.0 entry: a Buffer with a JSON array of CloudEvents in. */
export const fcHandler = handler.fc;
