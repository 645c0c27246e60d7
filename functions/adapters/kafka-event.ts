import type { CloudEvent, Json, KafkaEventData } from '../../bus/event.js';
import type { UnreadMember } from '../../bus/json-depth.js';
import { isCompactJson } from '../../bus/task/compact-json.js';
import { LAZY_MEMBER, parseWhenRead, rememberValueText } from '../../bus/task/lazy-value.js';

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
  /** `data.value` left unread (parsed when first read): its holder, key and text, for a depth check that parses nothing. */
  unread?: UnreadMember;
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
 * As kafkaRecordToEvent, for a runtime that may never look inside the value: `data.value` is
 * parsed when first read (a task whose filter and transform read only `data.key` never parses
 * it). With `withText`, the event's compact JSON comes too: put together from the record's own
 * text when that is already compact JSON, so an ORIGINAL or FUNCTION transform neither parses
 * nor serialises the value. With `rawValueText` (the alibaba dialect) the record's JSON text goes
 * in as it is, whitespace and number spellings included. Under `valueFormat: json` the value is parsed at once, so a value
 * that is not JSON fails here, not wherever it is first read.
 *
 * @example decodeKafkaRecord(record, { withText: true }).text // '{"specversion":"1.0",…}'
 */
export function decodeKafkaRecord(
  record: KafkaRecord,
  options: { valueFormat?: ValueFormat; instance?: string; withText?: boolean; rawValueText?: boolean } = {},
): DecodedRecord {
  const headers: Json[] = [];
  for (const name in record.headers) {
    if (Object.hasOwn(record.headers, name)) headers.push({ key: name, value: record.headers[name]! });
  }
  const key = record.key === null ? null : record.key.toString('utf8');
  const text = record.value === null ? null : record.value.toString('utf8');
  const format = options.valueFormat;
  // Lazy when reading cannot fail: the format says "JSON if it parses", or the text is known JSON.
  const compact =
    options.withText === true && text !== null && format !== 'text' && format !== 'binary' && isCompactJson(text);
  const lazy = text !== null && (compact || (format === undefined && !options.withText));
  const fields = {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    timestamp: record.timestamp,
    headers: { headers, isReadOnly: false },
    key,
  };
  // lazy: `value` is added last as the accessor (turning a data property into one would cost the object its fast shape)
  const data = (
    lazy ? fields : Object.assign(fields, { value: decodeValue(record.value, text, format) })
  ) as KafkaEventData;
  if (lazy) parseWhenRead(data, text);
  else if (text !== null && format !== 'text' && format !== 'binary') rememberValueText(data, text);
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
  const decoded: DecodedRecord = lazy ? { event, unread: { holder: data, key: LAZY_MEMBER, text } } : { event };
  if (!options.withText) return decoded;
  // compact text stands for itself: reading data.value here would parse what the task may never read
  const value = compact ? text : valueText(data.value, text, options, format);
  decoded.text = eventText(data, event.time as string, options.instance, value);
  return decoded;
}

/** The parts of an event's JSON that depend only on its topic (and instance), made once per topic. */
interface TopicText {
  /** `{"specversion":"1.0","id":"<topic>-` */
  head: string;
  /** `","source":…,"subject":"…","time":"` */
  afterId: string;
  /** `","datacontenttype":…,"data":{"topic":"…","partition":` */
  afterTime: string;
}

const topicTexts = new Map<string, TopicText>();

function topicText(topic: string, instance = 'conflux'): TopicText {
  const cacheKey = `${instance}\u0000${topic}`;
  let found = topicTexts.get(cacheKey);
  if (found === undefined) {
    const quoted = JSON.stringify(topic);
    found = {
      // the id is "<topic>-<partition>-<offset>": only the topic can need escaping
      head: `{"specversion":"1.0","id":${quoted.slice(0, -1)}-`,
      afterId: `","source":"${SOURCE}","type":"${TYPE}","subject":${JSON.stringify(`acs:alikafka:${instance}:topic:${topic}`)},"time":"`,
      afterTime: `","datacontenttype":"${CONTENT_TYPE}","data":{"topic":${quoted},"partition":`,
    };
    if (topicTexts.size > 1000) topicTexts.clear();
    topicTexts.set(cacheKey, found);
  }
  return found;
}

/** JSON.stringify(event), with the value's compact text put in place instead of serialised again. */
function eventText(data: KafkaEventData, time: string, instance: string | undefined, valueText: string): string {
  const t = topicText(data.topic, instance);
  const headers = data.headers.headers.length === 0 ? '[]' : JSON.stringify(data.headers.headers);
  return (
    `${t.head}${data.partition}-${data.offset}${t.afterId}${time}${t.afterTime}${data.partition},` +
    `"offset":${data.offset},"timestamp":${JSON.stringify(data.timestamp)},` +
    `"headers":{"headers":${headers},"isReadOnly":false},"key":${JSON.stringify(data.key)},"value":${valueText}}}`
  );
}

/** The value's text inside the event's: the record's own when compact (or, with `rawValueText`, whenever it is JSON). */
function valueText(
  value: unknown,
  text: string | null,
  options: { rawValueText?: boolean },
  format: ValueFormat | undefined,
): string {
  const parsedFromText = text !== null && format !== 'text' && format !== 'binary' && value !== text;
  if (options.rawValueText === true && parsedFromText) return text;
  return JSON.stringify(value);
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
