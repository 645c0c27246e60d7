import { configSchema } from '../../shared/settings/field-zod.js';
import { functionSink } from './connector.js';

export type { FunctionSinkConfig } from './connector.js';

/** The function sink's conflux.yaml schema, generated from its field table (connector.ts). */
export const functionSinkConfig = configSchema(functionSink);
