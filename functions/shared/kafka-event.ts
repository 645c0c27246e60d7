import type { CloudEvent, Json } from '../../bus/event.js';

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
  const headers: Json[] = Object.entries(record.headers).map(([key, value]) => ({ key, value }));
  const text = record.value === null ? null : record.value.toString('utf8');
  return {
    specversion: '1.0',
    id: `${record.topic}-${record.partition}-${record.offset}`,
    source: 'acs:alikafka',
    type: 'alikafka:Topic:Message',
    subject: `acs:alikafka:${options.instance ?? 'conflux'}:topic:${record.topic}`,
    time: new Date(record.timestamp).toISOString(),
    datacontenttype: 'application/json; charset=utf-8',
    data: {
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      timestamp: record.timestamp,
      headers: { headers, isReadOnly: false },
      key: record.key === null ? null : record.key.toString('utf8'),
      value: decodeValue(record.value, text, options.valueFormat),
    },
  };
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
