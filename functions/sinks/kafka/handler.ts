import type { SettingsCheck } from '../../shared/deployed-settings.js';
import { createSinkHandler } from '../../shared/sink-handler.js';
import type { KafkaSinkConfig } from './config.js';
import { connect } from './send.js';
import { kafkaSettings } from './settings.js';

// A deployed function has no embedded bus beside it: the target cluster must be named.
const deployedSettings: SettingsCheck<KafkaSinkConfig> = (raw) => {
  const result = kafkaSettings(raw);
  if (result.value.brokers === undefined && !result.issues.some((issue) => issue.path[0] === 'brokers')) {
    const message = 'required when deployed: the bootstrap servers of the target cluster (there is no embedded bus)';
    result.issues.push({ path: ['brokers'], message });
  }
  return result;
};

/** AWS Lambda entry of the Kafka sink (settings in CONFLUX_SINK, brokers required); Kafka event in, `{batchItemFailures}` out. */
export const handler = createSinkHandler({ type: 'kafka', settings: deployedSettings, connect });
/** Function Compute 3.0 entry: a Buffer with a JSON array of CloudEvents in. */
export const fcHandler = handler.fc;
