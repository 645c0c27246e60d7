import { z } from 'zod';
import { intRange, nonEmptyString, oneOf } from '../../shared/config-fields.js';
import { describeValue } from '../../shared/config-issues.js';

/** A regular expression given as text; one that does not compile is worded with the engine's reason. */
function regex(what: string) {
  return nonEmptyString(what).superRefine((text, ctx) => {
    try {
      new RegExp(text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      ctx.addIssue({ code: 'custom', message: `must be a regular expression (got ${describeValue(text)}: ${reason})` });
    }
  });
}

/**
 * The file-tail source: follows log files named by paths or globs, through rotation (rename or
 * truncate) and files that appear later, one event per line or per multi-line record.
 * @example source: { type: file-tail, paths: ["logs/*.log"], from: beginning, multiline: { start: "^\\d{4}-" } }
 */
export const fileTailSourceConfig = z
  .strictObject({
    type: z.literal('file-tail'),
    paths: z
      .array(nonEmptyString('a path or glob, e.g. "logs/*.log"'), {
        error: (issue) => `must be a list of paths or globs (got ${describeValue(issue.input)})`,
      })
      .min(1, { error: 'must list at least one path or glob' })
      .describe('Files to follow: paths or globs (`*`, `**`, `{a,b}`), relative to the config file.'),
    from: oneOf(['beginning', 'end'])
      .default('beginning')
      .describe(
        'Where a file found at the very first start begins: beginning (default) or end. Files found later, and every restart, go on from the stored position.',
      ),
    multiline: z
      .strictObject({
        start: regex('a regular expression').describe(
          'A line matching it starts a new record; other lines join the one before.',
        ),
        timeoutMs: intRange(1, 60_000)
          .default(1000)
          .describe('How long the last record waits for more lines before it is emitted (default 1000).'),
      })
      .optional()
      .describe('Multi-line records (stack traces): omitted, every line is a record.'),
    pollMs: intRange(10, 60_000)
      .default(250)
      .describe(
        'How often the globs are matched again and idle files checked for growth, rotation and truncation (default 250).',
      ),
  })
  .describe('Follows log files, one event per line or record.');

/** The file-tail source's settings after defaults. */
export type FileTailSourceConfig = z.output<typeof fileTailSourceConfig>;
