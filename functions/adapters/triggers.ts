/**
 * What invokes a deployed function, in the words serverless.yml and the consoles use: Lambda's event
 * sources and Function Compute's trigger. Each connector declares its own (connector.ts,
 * `triggers`); the Lambda decoders (lambda/event-sources.ts), serverless.yml's `events`, the
 * bundles and the README's connector tables follow from those declarations.
 */

/** Lambda's event sources, each with what it is (the README's and the catalog's words). */
export const LAMBDA_TRIGGERS = {
  kafka: 'an Amazon MSK or self-managed Kafka event source mapping (`aws:kafka`, `SelfManagedKafka`)',
  rabbitmq: 'an Amazon MQ for RabbitMQ event source mapping (`aws:rmq`)',
  httpApi: 'a route of an API Gateway HTTP API (payload format 2.0)',
  iot: "an AWS IoT topic rule's Lambda action",
} as const;

/** A Lambda event source: `kafka` (MSK or self-managed), `rabbitmq` (Amazon MQ), `httpApi`, `iot`. */
export type LambdaTrigger = keyof typeof LAMBDA_TRIGGERS;

/** Function Compute 3.0's trigger: EventBridge (an event stream or rule) hands the function a JSON array of CloudEvents. */
export const FC_TRIGGERS = {
  eventbridge: 'an EventBridge event stream or rule (a JSON array of CloudEvents)',
} as const;

/** A Function Compute trigger: `eventbridge`. */
export type FcTrigger = keyof typeof FC_TRIGGERS;

/**
 * How a deployed function of a connector is invoked, on each platform.
 * @example triggers: { lambda: ['httpApi'], fc: ['eventbridge'] }
 */
export interface Triggers {
  lambda: readonly LambdaTrigger[];
  fc: readonly FcTrigger[];
}
