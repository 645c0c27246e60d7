import { createTransformerHandler } from '../handler.js';
import { compileForm } from '../run.js';
import { constant } from './core.js';

/** AWS Lambda entry of the CONSTANT transformer (spec in CONFLUX_TRANSFORM); Kafka event in, `{batchItemFailures, outputs}` out. */
export const handler = createTransformerHandler({
  form: 'CONSTANT',
  compile: (spec, options) => compileForm(constant, spec, options),
});
/** Function Compute 3.0 entry: a Buffer with a JSON array of CloudEvents in, the outputs out. */
export const fcHandler = handler.fc;
