import { deployedCheck } from '../../shared/settings/field-check.js';
import { createSinkHandler } from '../../shared/task/sink-handler.js';
import { stdoutSink } from './connector.js';
import { connect } from './send.js';

/** AWS Lambda entry of the stdout sink (each payload a line of the function's log); Kafka event in, `{batchItemFailures}` out. */
export const handler = createSinkHandler({
  type: 'stdout',
  settings: deployedCheck(stdoutSink),
  connect: (config) => connect(config),
});
/** Function Compute 3.0 entry: a Buffer with a JSON array of CloudEvents in. */
export const fcHandler = handler.fc;
