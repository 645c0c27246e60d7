import { defineSink, type SettingsOf } from '../../shared/settings/connector.js';
import { required, text } from '../../shared/settings/field-table.js';

const fields = {
  path: required(
    text('a file path'),
    'The file each payload is appended to as one line; relative paths resolve from the folder of conflux.yaml.',
  ),
};

/**
 * The file sink: appends each payload as one line to `path`, the simplest sink to check a stream with.
 * @example sink: { type: file, path: out/orders.jsonl }
 */
export const fileSink = defineSink({
  type: 'file',
  doc: 'Appends each payload as a line to a local file.',
  example: 'sink: { type: file, path: out/orders.jsonl }',
  triggers: { lambda: ['kafka'], fc: ['eventbridge'] },
  fields,
});

/** The file sink's settings after defaults. */
export type FileSinkConfig = SettingsOf<'file', typeof fields>;
