/**
 * conflux.yaml: schema, loading, validation, defaults. What the emulator and the CLI use:
 * `loadConfig(file)` for a file, `validateConfig(raw)` for parsed data, `validateTask(raw)`
 * for one task from the task API, `checkTaskUpdate(before, after)` before replacing a task.
 */
export { applyTaskDefaults, DEFAULT_QUOTA, defaultConsumerGroup, NAME_MAX_LENGTH, taskDefaults } from './defaults.js';
export { ConfigError, type SourceIssue } from './errors.js';
export { formatIssue, formatWarning } from './format.js';
export { checkConfigText, type LoadedConfig, loadConfig, type TextValidation } from './load.js';
export { type ConfigFormat, detectFormat, parseConfigText } from './parse.js';
export {
  type Config,
  configSchema,
  type EventPattern,
  type SinkConfig,
  type SourceConfig,
  sinkSchema,
  sourceSchema,
  type TaskConfig,
  taskSchema,
} from './schema.js';
export { checkConfigUpdate, checkTaskUpdate } from './update.js';
export { type ConfigValidation, type Validation, validateConfig, validateTask } from './validate.js';
