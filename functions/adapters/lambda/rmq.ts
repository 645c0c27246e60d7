import { randomUUID } from 'node:crypto';
import { ConfluxError, formatJsonPath, type Issue, messageOf } from '../../../bus/errors.js';
import type { Json } from '../../../bus/event.js';
import { amqpEvent, amqpTime, headerText } from '../source/events/amqp.js';
import type { SourceItem } from './kafka.js';

/**
 * Lambda's Amazon MQ for RabbitMQ event (`eventSource: "aws:rmq"`), as the AWS docs show it:
 * `{"eventSource":"aws:rmq","eventSourceArn":…,"rmqMessagesByQueue":{"<queue>::<vhost>":[{"basicProperties":{…,"headers":{…}},"redelivered":false,"data":"<base64>"}]}}`.
 * Header text arrives as `{"bytes":[…]}`, `timestamp` as Java's medium date text in UTC
 * (`"Jan 1, 1970, 12:33:41 AM"`).
 */
export interface LambdaRmqMessage {
  basicProperties: { headers?: Record<string, unknown> | null; timestamp?: string | number | null } & Record<
    string,
    unknown
  >;
  redelivered: boolean;
  data: string;
}

/** How a message of the invocation is named: its queue's key (`<queue>::<vhost>`) and its place there. */
export interface RmqItemIdentifier {
  queue: string;
  index: number;
}

/** Lambda's own properties that are no AMQP property. */
const NOT_PROPERTIES = new Set(['headers', 'bodySize']);

/**
 * The messages of an `aws:rmq` invocation in delivery order, each decoded to the CloudEvent the
 * emulator's RabbitMQ source emits for it (functions/adapters/source/events/amqp.ts): same `subject`,
 * `props` (the properties that were set, `timestamp` in seconds), headers as text, `body`, `time`.
 * The envelope holds `redeliver` only: Lambda does not pass the exchange, routing key or delivery
 * tag. A malformed message becomes an issue with its path in the invocation; a malformed
 * invocation is an error naming its path.
 *
 * @example lambdaRmqItems(event)[0].event.subject // "acs:amqp:conflux:/vhosts/%2F/queues/orders"
 */
export function lambdaRmqItems(invocation: unknown, now = Date.now()): SourceItem<RmqItemIdentifier>[] {
  const groups = (invocation as { rmqMessagesByQueue?: unknown }).rmqMessagesByQueue;
  if (typeof groups !== 'object' || groups === null || Array.isArray(groups)) {
    throw badEvent(['rmqMessagesByQueue'], 'must be an object of "<queue>::<vhost>" → messages');
  }
  const items: SourceItem<RmqItemIdentifier>[] = [];
  for (const [queueKey, messages] of Object.entries(groups)) {
    const split = queueKey.lastIndexOf('::');
    if (split < 0) throw badEvent(['rmqMessagesByQueue', queueKey], 'the key must be "<queue>::<vhost>"');
    if (!Array.isArray(messages)) throw badEvent(['rmqMessagesByQueue', queueKey], 'must be a list of messages');
    const queue = queueKey.slice(0, split);
    const vhost = queueKey.slice(split + 2);
    messages.forEach((raw: unknown, index) => {
      const identifier = { queue: queueKey, index };
      const at = ['rmqMessagesByQueue', queueKey, index];
      try {
        const message = checkMessage(raw, at);
        const props = propertiesOf(message.basicProperties, [...at, 'basicProperties']);
        items.push({
          identifier,
          event: amqpEvent({
            id: randomUUID(),
            vhost,
            queue,
            envelope: { redeliver: message.redelivered },
            props,
            headers: headersOf(message.basicProperties.headers),
            body: Buffer.from(message.data, 'base64'),
            time: amqpTime(props.timestamp, now),
          }),
        });
      } catch (error) {
        const issue: Issue = error instanceof BadMessage ? error.issue : { path: at, message: messageOf(error) };
        items.push({ identifier, issue });
      }
    });
  }
  return items;
}

class BadMessage extends Error {
  constructor(readonly issue: Issue) {
    super(issue.message);
  }
}

function badEvent(path: Issue['path'], message: string): ConfluxError {
  return new ConfluxError('handler.bad-event', `${formatJsonPath(path)} ${message}`, { path: formatJsonPath(path) });
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function checkMessage(raw: unknown, at: Issue['path']): LambdaRmqMessage {
  const fail = (path: Issue['path'], message: string): never => {
    throw new BadMessage({ path: [...at, ...path], message });
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail([], 'a RabbitMQ message must be an object');
  const m = raw as Record<string, unknown>;
  if (typeof m.data !== 'string' || !BASE64.test(m.data)) fail(['data'], 'data must be base64 text');
  if (typeof m.redelivered !== 'boolean') fail(['redelivered'], 'redelivered must be true or false');
  const props = m.basicProperties;
  if (typeof props !== 'object' || props === null || Array.isArray(props)) {
    fail(['basicProperties'], 'basicProperties must be an object');
  }
  const headers = (props as Record<string, unknown>).headers;
  if (headers !== undefined && headers !== null && (typeof headers !== 'object' || Array.isArray(headers))) {
    fail(['basicProperties', 'headers'], 'headers must be an object');
  }
  return raw as LambdaRmqMessage;
}

/** The AMQP properties that were set (Lambda sends the others as null), `timestamp` as AMQP seconds. */
function propertiesOf(basic: LambdaRmqMessage['basicProperties'], at: Issue['path']): { [name: string]: Json } {
  const props: { [name: string]: Json } = {};
  for (const [name, value] of Object.entries(basic)) {
    if (NOT_PROPERTIES.has(name) || value === null || value === undefined) continue;
    props[name] = name === 'timestamp' ? timestampSeconds(value, [...at, 'timestamp']) : (value as Json);
  }
  return props;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
// "Jan 1, 1970, 12:33:41 AM" (newer JDKs put a narrow no-break space before AM/PM)
const JAVA_MEDIUM_DATE = /^([A-Z][a-z]{2}) (\d{1,2}), (\d{4}),? (\d{1,2}):(\d{2}):(\d{2})\s(AM|PM)$/u;

/** Lambda's `timestamp` text (UTC) → seconds since the epoch, as amqplib gives an AMQP timestamp. */
export function timestampSeconds(value: unknown, at: Issue['path']): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  const match = typeof value === 'string' ? JAVA_MEDIUM_DATE.exec(value) : null;
  const month = match === null ? -1 : MONTHS.indexOf(match[1]!);
  if (match === null || month < 0) {
    throw new BadMessage({
      path: at,
      message: `timestamp must be a date like "Jan 1, 1970, 12:33:41 AM" (got ${JSON.stringify(value)})`,
    });
  }
  const [, , day, year, hour, minute, second, half] = match;
  const hours = (Number(hour) % 12) + (half === 'PM' ? 12 : 0);
  return Date.UTC(Number(year), month, Number(day), hours, Number(minute), Number(second)) / 1000;
}

/** Lambda's headers → text as the emulator keeps them: `{"bytes":[…]}` is UTF-8 text, the rest JSON. */
function headersOf(headers: Record<string, unknown> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue; // null stays: amqplib reads a void header as null, kept as "null"
    Object.defineProperty(out, name, { value: headerText(plain(value)), enumerable: true, writable: true });
  }
  return out;
}

/** A header value with every `{"bytes":[…]}` (an AMQP long string) turned into its text. */
function plain(value: unknown): Json {
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value !== 'object' || value === null) return value as Json;
  const bytes = (value as { bytes?: unknown }).bytes;
  if (Object.keys(value).length === 1 && Array.isArray(bytes)) return Buffer.from(bytes as number[]).toString('utf8');
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
}
