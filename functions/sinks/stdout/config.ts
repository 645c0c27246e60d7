import { z } from 'zod';

/**
 * The stdout sink: prints each payload on its own line.
 * @example sink: { type: stdout }
 */
export const stdoutSinkConfig = z
  .strictObject({
    type: z.literal('stdout'),
  })
  .describe('Prints each payload on a line of standard output.');

/** The stdout sink's settings (it has none besides its type). */
export type StdoutSinkConfig = z.output<typeof stdoutSinkConfig>;
