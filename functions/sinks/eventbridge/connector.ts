import { defineSink, type SettingsOf } from '../../shared/settings/connector.js';
import { optional, required, text, url, withDefault } from '../../shared/settings/field-table.js';

const fields = {
  endpoint: optional(
    url(['http', 'https']),
    'A custom API endpoint, e.g. the emulator at http://127.0.0.1:4010; omitted: AWS.',
  ),
  region: withDefault(text('a region name'), 'us-east-1', 'The AWS region (default us-east-1).'),
  eventBusName: withDefault(text('an event bus name or ARN'), 'default', 'The event bus (default "default").'),
  source: required(text('a source name'), 'The Source of each event put, e.g. "com.example.orders".'),
  detailType: required(text('a detail type'), 'The DetailType of each event put, e.g. "OrderPaid".'),
};

/**
 * The EventBridge sink: PutEvents with each payload as the `Detail` (a JSON object).
 * @example sink: { type: eventbridge, endpoint: "http://127.0.0.1:4010", eventBusName: orders, source: shop, detailType: OrderPaid }
 */
export const eventbridgeSink = defineSink({
  type: 'eventbridge',
  doc: 'Puts each payload as an event on an EventBridge bus (AWS, or the conflux emulator).',
  example:
    'sink: { type: eventbridge, endpoint: "http://127.0.0.1:4010", eventBusName: orders, source: shop, detailType: OrderPaid }',
  triggers: { lambda: ['kafka'], fc: ['eventbridge'] },
  fields,
});

/** The EventBridge sink's settings after defaults. */
export type EventbridgeSinkConfig = SettingsOf<'eventbridge', typeof fields>;
