import { configSchema } from '../../shared/settings/field-zod.js';
import { fileTailSource } from './connector.js';

export type { FileTailSourceConfig } from './connector.js';

/** The file-tail source's conflux.yaml schema, generated from its field table (connector.ts). */
export const fileTailSourceConfig = configSchema(fileTailSource);
