import { defineSink, type SettingsOf } from '../../shared/settings/connector.js';
import { integer, required, text, withDefault } from '../../shared/settings/field-table.js';

const fields = {
  handler: required(
    text('"path/file.mjs#export"', { pattern: /^[^#\s][^#]*#[A-Za-z_$][\w$]*$/, mismatch: '"path/file.mjs#export"' }),
    'The module and export to call, "path/file.mjs#export"; the path is relative to conflux.yaml.',
  ),
  timeoutMs: withDefault(integer(1, 900_000), 3000, 'How long one call may take, in ms (default 3000).'),
};

/**
 * The function sink: hands each batch to your Function Compute style handler, as FUNCTION transforms do.
 * @example sink: { type: function, handler: "handlers/notify.mjs#handler", timeoutMs: 5000 }
 */
export const functionSink = defineSink({
  type: 'function',
  doc: 'Calls a Function Compute style handler `async (event: Buffer, context)` with each batch of payloads.',
  example: 'sink: { type: function, handler: "handlers/notify.mjs#handler", timeoutMs: 5000 }',
  triggers: { lambda: ['kafka'], fc: ['eventbridge'] },
  fields,
});

/** The function sink's settings after defaults. */
export type FunctionSinkConfig = SettingsOf<'function', typeof fields>;
