import { createTransformerHandler } from '../handler.js';
import { compileForm } from '../run.js';
import { template } from './core.js';

/** AWS Lambda entry of the TEMPLATE transformer (spec in CONFLUX_TRANSFORM); Kafka event in, `{batchItemFailures, outputs}` out. */
export const handler = createTransformerHandler({
  form: 'TEMPLATE',
  compile: (spec, options) => compileForm(template, spec, options),
});
/** Function Compute 3.0 entry: a Buffer with a JSON array of CloudEvents in, the outputs out. */
export const fcHandler = handler.fc;
