import { literal, nonEmptyString, strictSettings, url } from '../../shared/deployed-settings.js';
import type { EventbridgeSinkConfig } from './config.js';

/** The EventBridge sink's settings as a deployed function checks them (mirrors config.ts without zod). */
export const eventbridgeSettings = strictSettings<EventbridgeSinkConfig>({
  type: { check: literal('eventbridge') },
  endpoint: { check: url(['http', 'https']), optional: true },
  region: { check: nonEmptyString, default: 'us-east-1' },
  eventBusName: { check: nonEmptyString, default: 'default' },
  source: { check: nonEmptyString },
  detailType: { check: nonEmptyString },
});
