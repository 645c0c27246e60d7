import { defineSink, type SettingsOf } from '../../shared/settings/connector.js';

const fields = {};

/**
 * The stdout sink: prints each payload on its own line.
 * @example sink: { type: stdout }
 */
export const stdoutSink = defineSink({
  type: 'stdout',
  doc: 'Prints each payload on a line of standard output.',
  example: 'sink: { type: stdout }',
  triggers: { lambda: ['kafka'], fc: ['eventbridge'] },
  fields,
});

/** The stdout sink's settings (it has none besides its type). */
export type StdoutSinkConfig = SettingsOf<'stdout', typeof fields>;
