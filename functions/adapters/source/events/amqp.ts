import type { CloudEvent, Json } from '../../../../bus/event.js';
import { keepBodyText, parseBody } from '../record.js';

/**
 * The RabbitMQ source's CloudEvent, built here once for both places a RabbitMQ message enters
 * conflux: the emulator's source (functions/sources/rabbitmq/decode.ts, from a stored record) and a
 * deployed sink invoked by Lambda's Amazon MQ event source mapping (lambda-rmq.ts). Alibaba
 * EventBridge's RabbitMQ source shape: `source: "acs:amqp"`, `type: "amqp:Queue:SendMessage"`,
 * `subject: "acs:amqp:conflux:/vhosts/<vhost, URI-encoded: %2F for />/queues/<queue>"`,
 * `data: { envelope, body, props }`.
 */

/** What the emulator's source keeps of a delivery besides body and headers (the record's `:meta`). */
export interface AmqpMeta {
  /** Unique per delivery (a UUID given on receipt: AMQP has no broker-side message id). */
  id: string;
  vhost: string;
  queue: string;
  envelope: AmqpEnvelope;
  /** The message properties that were set (contentType, messageId, timestamp, …), without headers. */
  props: { [name: string]: Json };
}

/**
 * The delivery's envelope. Lambda's Amazon MQ event carries only `redelivered`, so a deployed
 * function's envelope holds `redeliver` alone (`conflux package` warns when a filter or transform
 * names one of the others).
 */
export interface AmqpEnvelope {
  deliveryTag?: number;
  exchange?: string;
  redeliver: boolean;
  routingKey?: string;
}

/** One RabbitMQ message, however it arrived. */
export interface AmqpMessage {
  id: string;
  vhost: string;
  queue: string;
  envelope: AmqpEnvelope;
  /** The message properties that were set (null and absent ones left out by the caller). */
  props: { [name: string]: Json };
  /** The message's AMQP headers, each as text (see `headerText`). */
  headers: Record<string, string>;
  body: Buffer;
  /** When it was sent (`amqpTime`), in ms. */
  time: number;
}

const SOURCE = 'acs:amqp';
const TYPE = 'amqp:Queue:SendMessage';
const CONTENT_TYPE = 'application/json;charset=utf-8';

/** The basic properties in the order AMQP defines them (amqplib decodes them so): both builders write this order. */
export const AMQP_PROPERTIES = [
  'contentType',
  'contentEncoding',
  'deliveryMode',
  'priority',
  'correlationId',
  'replyTo',
  'expiration',
  'messageId',
  'timestamp',
  'type',
  'userId',
  'appId',
  'clusterId',
] as const;

/**
 * A RabbitMQ message → its CloudEvent. `body` is the parsed JSON when the bytes parse, else the
 * UTF-8 text; `props` holds the properties that were set in AMQP order, then the headers (when
 * any) under `props.headers`.
 *
 * @example amqpEvent({ id, vhost: '/', queue: 'orders', envelope: { redeliver: false }, props: {}, headers: {}, body, time }).subject // "acs:amqp:conflux:/vhosts/%2F/queues/orders"
 */
export function amqpEvent(message: AmqpMessage): CloudEvent {
  const props: { [name: string]: Json } = {};
  for (const name of AMQP_PROPERTIES) {
    const value = message.props[name];
    if (value !== undefined && value !== null) props[name] = value;
  }
  for (const [name, value] of Object.entries(message.props)) {
    if (!(name in props) && name !== 'headers' && value !== null) props[name] = value;
  }
  if (Object.keys(message.headers).length > 0) props.headers = message.headers;
  const { body, text } = parseBody(message.body);
  return {
    specversion: '1.0',
    id: message.id,
    source: SOURCE,
    type: TYPE,
    subject: `acs:amqp:conflux:/vhosts/${encodeURIComponent(message.vhost)}/queues/${message.queue}`,
    time: new Date(message.time).toISOString(),
    datacontenttype: CONTENT_TYPE,
    data: keepBodyText({ envelope: envelopeOf(message.envelope), body, props }, text),
  };
}

/** The envelope's fields in their fixed order, the absent ones left out. */
function envelopeOf(envelope: AmqpEnvelope): { [name: string]: Json } {
  const out: { [name: string]: Json } = {};
  for (const name of ['deliveryTag', 'exchange', 'redeliver', 'routingKey'] as const) {
    if (envelope[name] !== undefined) out[name] = envelope[name];
  }
  return out;
}

/**
 * When a message was sent: its `timestamp` property (AMQP: seconds; a value this large was sent in
 * milliseconds), else when it was received.
 *
 * @example amqpTime(1700000000, Date.now()) // 1700000000000
 */
export function amqpTime(timestamp: unknown, receivedAt: number): number {
  if (typeof timestamp !== 'number') return receivedAt;
  return timestamp > 1e11 ? timestamp : timestamp * 1000;
}

/** An AMQP header value as the event keeps it: text as is, anything else as compact JSON. */
export function headerText(value: Json): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
