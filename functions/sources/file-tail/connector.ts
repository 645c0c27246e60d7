import { defineSource, type SettingsOf } from '../../shared/settings/connector.js';
import {
  integer,
  listOf,
  object,
  oneOf,
  optional,
  regex,
  required,
  text,
  withDefault,
} from '../../shared/settings/field-table.js';

const fields = {
  paths: required(
    listOf(
      text('a path or glob, e.g. "logs/*.log"'),
      1,
      'must list at least one path or glob',
      'a list of paths or globs',
    ),
    'Files to follow: paths or globs (`*`, `**`, `{a,b}`), relative to the config file.',
  ),
  from: withDefault(
    oneOf(['beginning', 'end']),
    'beginning',
    'Where a file found at the very first start begins: beginning (default) or end. Files found later, and every restart, go on from the stored position.',
  ),
  multiline: optional(
    object({
      start: required(
        regex('a regular expression'),
        'A line matching it starts a new record; other lines join the one before.',
      ),
      timeoutMs: withDefault(
        integer(1, 60_000),
        1000,
        'How long the last record waits for more lines before it is emitted (default 1000).',
      ),
    }),
    'Multi-line records (stack traces): omitted, every line is a record.',
  ),
  pollMs: withDefault(
    integer(10, 60_000),
    250,
    'How often the globs are matched again and idle files checked for growth, rotation and truncation (default 250).',
  ),
};

/**
 * The file-tail source: follows log files named by paths or globs, through rotation (rename or
 * truncate) and files that appear later, one event per line or per multi-line record.
 * @example source: { type: file-tail, paths: ["logs/*.log"], from: beginning, multiline: { start: "^\\d{4}-" } }
 */
export const fileTailSource = defineSource({
  type: 'file-tail',
  doc: 'Follows log files, one event per line or record.',
  example: 'source: { type: file-tail, paths: ["logs/*.log"], from: beginning, multiline: { start: "^\\\\d{4}-" } }',
  noTrigger:
    'a Lambda function has no files to follow and AWS has no trigger for them; run this task with `conflux run` beside the files',
  fields,
});

/** The file-tail source's settings after defaults. */
export type FileTailSourceConfig = SettingsOf<'file-tail', typeof fields>;
