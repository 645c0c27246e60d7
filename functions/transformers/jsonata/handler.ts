import { createTransformerHandler } from '../handler.js';
import { compileForm } from '../run.js';
import { jsonataForm } from './core.js';

/** AWS Lambda entry of the JSONATA transformer (spec in CONFLUX_TRANSFORM); Kafka event in, `{batchItemFailures, outputs}` out. */
export const handler = createTransformerHandler({
  form: 'JSONATA',
  compile: (spec, options) => compileForm(jsonataForm, spec, options),
});
/** Function Compute 3.0 entry: a Buffer with a JSON array of CloudEvents in, the outputs out. */
export const fcHandler = handler.fc;
