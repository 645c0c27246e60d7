import type { CloudEvent, Json, KafkaEventData } from '../../bus/event.js';
import { isCompactJson } from './compact-json.js';

/** How a Kafka source turns record bytes into `data.value`. */
export type ValueFormat = 'json' | 'text' | 'binary';

/** A Kafka record as any transport hands it over (kafkajs, the embedded bus, a Lambda event). */
export interface KafkaRecord {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/** A decoded record: its event and, when asked for, the event's compact JSON (`JSON.stringify(event)`). */
export interface DecodedRecord {
  event: CloudEvent;
  text?: string;
}

const SOURCE = 'acs:alikafka';
const TYPE = 'alikafka:Topic:Message';
const CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * The CloudEvent a Kafka source emits: exactly Alibaba's `alikafka` shape. `value` is parsed
 * JSON for `json` (the default when the bytes parse), text for `text`, base64 for `binary`.
 *
 * @example kafkaRecordToEvent(record, { instance: 'local' }).data.value
 */
export function kafkaRecordToEvent(
  record: KafkaRecord,
  options: { valueFormat?: ValueFormat; instance?: string } = {},
): CloudEvent {
  return decodeKafkaRecord(record, options).event;
}

/**
 * As kafkaRecordToEvent, for a runtime that may never look inside the value: when the value's
 * bytes are already compact JSON, `data.value` is parsed only when first read, and with
 * `withText` the event's compact JSON is put together from the record's own text, so an ORIGINAL
 * or FUNCTION transform neither parses nor serialises the value. A value in any other spelling
 * is parsed at once, exactly as before.
 *
 * @example decodeKafkaRecord(record, { withText: true }).text // '{"specversion":"1.0",…}'
 */
export function decodeKafkaRecord(
  record: KafkaRecord,
  options: { valueFormat?: ValueFormat; instance?: string; withText?: boolean } = {},
): DecodedRecord {
  const headers: Json[] = Object.entries(record.headers).map(([key, value]) => ({ key, value }));
  const key = record.key === null ? null : record.key.toString('utf8');
  const text = record.value === null ? null : record.value.toString('utf8');
  const format = options.valueFormat;
  const compact = text !== null && format !== 'text' && format !== 'binary' && isCompactJson(text);
  const data = {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    timestamp: record.timestamp,
    headers: { headers, isReadOnly: false },
    key,
    value: compact ? null : decodeValue(record.value, text, format),
  };
  if (compact) parseWhenRead(data, text);
  const event: CloudEvent = {
    specversion: '1.0',
    id: `${record.topic}-${record.partition}-${record.offset}`,
    source: SOURCE,
    type: TYPE,
    subject: `acs:alikafka:${options.instance ?? 'conflux'}:topic:${record.topic}`,
    time: new Date(record.timestamp).toISOString(),
    datacontenttype: CONTENT_TYPE,
    data,
  };
  if (!options.withText) return { event };
  return { event, text: eventText(event, data, compact ? text : JSON.stringify(data.value)) };
}

/** `data.value` becomes a plain property holding the parsed text the first time it is read (or set). */
function parseWhenRead(data: { value: Json }, text: string): void {
  const settle = (value: Json) =>
    Object.defineProperty(data, 'value', { value, writable: true, enumerable: true, configurable: true });
  Object.defineProperty(data, 'value', {
    enumerable: true,
    configurable: true,
    get: () => {
      const value = JSON.parse(text) as Json;
      settle(value);
      return value;
    },
    set: settle,
  });
}

/** JSON.stringify(event), with the value's compact text put in place instead of serialised again. */
function eventText(event: CloudEvent, data: KafkaEventData, valueText: string): string {
  return (
    `{"specversion":"1.0","id":${JSON.stringify(event.id)},"source":"${SOURCE}","type":"${TYPE}",` +
    `"subject":${JSON.stringify(event.subject)},"time":"${event.time}","datacontenttype":"${CONTENT_TYPE}",` +
    `"data":{"topic":${JSON.stringify(data.topic)},"partition":${JSON.stringify(data.partition)},` +
    `"offset":${JSON.stringify(data.offset)},"timestamp":${JSON.stringify(data.timestamp)},` +
    `"headers":{"headers":${JSON.stringify(data.headers.headers)},"isReadOnly":false},` +
    `"key":${JSON.stringify(data.key)},"value":${valueText}}}`
  );
}

function decodeValue(bytes: Buffer | null, text: string | null, format: ValueFormat | undefined): Json {
  if (bytes === null || text === null) return null;
  if (format === 'binary') return bytes.toString('base64');
  if (format === 'text') return text;
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    if (format === 'json') throw new Error(`record value is not JSON (valueFormat: json): ${(error as Error).message}`);
    return text;
  }
}
