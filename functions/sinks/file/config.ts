import { configSchema } from '../../shared/settings/field-zod.js';
import { fileSink } from './connector.js';

export type { FileSinkConfig } from './connector.js';

/** The file sink's conflux.yaml schema, generated from its field table (connector.ts). */
export const fileSinkConfig = configSchema(fileSink);
