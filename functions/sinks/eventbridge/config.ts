import { z } from 'zod';
import { nonEmptyString, url } from '../../shared/config-fields.js';

/**
 * The EventBridge sink: PutEvents with each payload as the `Detail` (a JSON object).
 * @example sink: { type: eventbridge, endpoint: "http://127.0.0.1:4010", eventBusName: orders, source: shop, detailType: OrderPaid }
 */
export const eventbridgeSinkConfig = z
  .strictObject({
    type: z.literal('eventbridge'),
    endpoint: url(['http', 'https'])
      .optional()
      .describe('A custom API endpoint, e.g. the emulator at http://127.0.0.1:4010; omitted: AWS.'),
    region: nonEmptyString('a region name').default('us-east-1').describe('The AWS region (default us-east-1).'),
    eventBusName: nonEmptyString('an event bus name or ARN')
      .default('default')
      .describe('The event bus (default "default").'),
    source: nonEmptyString('a source name').describe('The Source of each event put, e.g. "com.example.orders".'),
    detailType: nonEmptyString('a detail type').describe('The DetailType of each event put, e.g. "OrderPaid".'),
  })
  .describe('Puts each payload as an event on an EventBridge bus (AWS, or the conflux emulator).');

/** The EventBridge sink's settings after defaults. */
export type EventbridgeSinkConfig = z.output<typeof eventbridgeSinkConfig>;
