import { z } from 'zod';
import { nonEmptyString } from '../../shared/config-fields.js';

/**
 * The file sink: appends each payload as one line to `path`, the simplest sink to check a stream with.
 * @example sink: { type: file, path: out/orders.jsonl }
 */
export const fileSinkConfig = z
  .strictObject({
    type: z.literal('file'),
    path: nonEmptyString('a file path').describe(
      'The file each payload is appended to as one line; relative paths resolve from the folder of conflux.yaml.',
    ),
  })
  .describe('Appends each payload as a line to a local file.');

/** The file sink's settings after defaults. */
export type FileSinkConfig = z.output<typeof fileSinkConfig>;
