import { z } from 'zod';
import { intRange, nonEmptyString } from '../../shared/config-fields.js';
import { describeValue } from '../../shared/config-issues.js';

/**
 * The function sink: hands each batch to your Function Compute style handler, as FUNCTION transforms do.
 * @example sink: { type: function, handler: "handlers/notify.mjs#handler", timeoutMs: 5000 }
 */
export const functionSinkConfig = z
  .strictObject({
    type: z.literal('function'),
    handler: nonEmptyString('"path/file.mjs#export"')
      .regex(/^[^#\s][^#]*#[A-Za-z_$][\w$]*$/, {
        error: (issue) => `must be "path/file.mjs#export" (got ${describeValue(issue.input)})`,
      })
      .describe('The module and export to call, "path/file.mjs#export"; the path is relative to conflux.yaml.'),
    timeoutMs: intRange(1, 900_000).default(3000).describe('How long one call may take, in ms (default 3000).'),
  })
  .describe('Calls a Function Compute style handler `async (event: Buffer, context)` with each batch of payloads.');

/** The function sink's settings after defaults. */
export type FunctionSinkConfig = z.output<typeof functionSinkConfig>;
