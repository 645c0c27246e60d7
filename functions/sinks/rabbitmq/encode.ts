import type { SinkMessage } from '../../../bus/task/contract.js';
import { type FieldRenderer, renderMap, renderSingle } from '../../shared/task/sink-fields.js';

/** The RabbitMQ sink's compiled field specs: the routing key and the message headers. */
export interface RabbitmqFields {
  routingKey: FieldRenderer;
  headers: Record<string, FieldRenderer>;
}

/** One message as it is published: routing key, body and properties. */
export interface RabbitmqMessage {
  routingKey: string;
  content: Buffer;
  properties: { persistent: boolean; contentType: string; headers: Record<string, string> };
}

/**
 * One payload → one AMQP message: the payload (UTF-8) is the body; the routing key and each
 * header are rendered from the event by their own specs, each exactly one text.
 *
 * @example await encode({ event, payload: '{"id":1}' }, { routingKey: render('$.data.value.region'), headers: {} }, { persistent: true, contentType: 'application/json' })
 */
export async function encode(
  message: SinkMessage,
  fields: RabbitmqFields,
  options: { persistent: boolean; contentType: string },
): Promise<RabbitmqMessage> {
  const routingKey = await renderSingle(fields.routingKey, message, 'sink.routingKey', 'sink.rabbitmq.field');
  const headers = await renderMap(fields.headers, message, 'sink.headers', 'sink.rabbitmq.field');
  return {
    routingKey,
    content: Buffer.from(message.payload, 'utf8'),
    properties: { persistent: options.persistent, contentType: options.contentType, headers },
  };
}

/**
 * AMQP reply codes that retrying cannot fix: content too large (311), access refused (403), the
 * exchange does not exist (404), a precondition failed (406), a frame or command the broker
 * rejects (502, 503, 505, 530, 540). Others (320 connection-forced, 504 channel-error,
 * 541 internal-error…) are retriable.
 */
// biome-ignore format: a table reads better packed
const PERMANENT_REPLY_CODES = new Set([311, 403, 404, 406, 502, 503, 505, 530, 540]);

/**
 * Whether a failed publish is worth another attempt, from the AMQP reply code the broker closed
 * the channel or connection with (amqplib puts it in `code`); no code (socket lost, nack) → retriable.
 *
 * @example publishRetriable({ code: 404 }) // false
 */
export function publishRetriable(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code !== 'number' || !PERMANENT_REPLY_CODES.has(code);
}
