import { configSchema } from '../../shared/settings/field-zod.js';
import { stdoutSink } from './connector.js';

export type { StdoutSinkConfig } from './connector.js';

/** The stdout sink's conflux.yaml schema, generated from its field table (connector.ts). */
export const stdoutSinkConfig = configSchema(stdoutSink);
