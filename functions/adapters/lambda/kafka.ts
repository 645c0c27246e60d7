import { type Issue, messageOf } from '../../../bus/errors.js';
import type { CloudEvent } from '../../../bus/event.js';
import { type KafkaRecord, kafkaRecordToEvent, type ValueFormat } from '../kafka-event.js';

/**
 * One record of an AWS Lambda Kafka event (MSK `aws:kafka` or `SelfManagedKafka`): key and value
 * base64, headers a list of `{name: [bytes…]}`.
 */
export interface LambdaKafkaRecord {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  key?: string | null;
  value?: string | null;
  headers?: Record<string, number[]>[];
}

/** How Lambda's Kafka partial batch response names a record: the object form, never a string. */
export interface KafkaItemIdentifier {
  partition: string;
  offset: number;
}

/** One record of an invocation: the event it decodes to, or why it does not decode. */
export type SourceItem<Id> = { identifier: Id; event: CloudEvent } | { identifier: Id; issue: Issue };

/**
 * The records of a Lambda Kafka event in delivery order (per topic-partition, by offset), each
 * decoded to the Alibaba CloudEvent a Kafka source emits. A malformed record becomes an issue with
 * its path in the original event (`records["orders-0"][3].value`), so only that record fails.
 *
 * @example lambdaKafkaItems({ eventSource: 'aws:kafka', records: { 'orders-0': [rec] } })[0].event.data.key
 */
export function lambdaKafkaItems(
  invocation: { records?: unknown },
  options: { valueFormat?: ValueFormat; instance?: string } = {},
): SourceItem<KafkaItemIdentifier>[] {
  const groups = invocation.records;
  if (typeof groups !== 'object' || groups === null || Array.isArray(groups)) return [];
  const items: SourceItem<KafkaItemIdentifier>[] = [];
  for (const [group, records] of Object.entries(groups)) {
    if (!Array.isArray(records)) continue;
    records.forEach((raw: unknown, index) => {
      const at = ['records', group, index];
      const record = raw as Partial<LambdaKafkaRecord>;
      const identifier = { partition: `${record?.topic}-${record?.partition}`, offset: Number(record?.offset) };
      const issue = checkRecord(raw, at);
      if (issue !== undefined) {
        items.push({ identifier, issue });
        return;
      }
      try {
        items.push({ identifier, event: kafkaRecordToEvent(toKafkaRecord(raw as LambdaKafkaRecord), options) });
      } catch (error) {
        items.push({ identifier, issue: { path: [...at, 'value'], message: messageOf(error) } });
      }
    });
  }
  return items;
}

function checkRecord(raw: unknown, at: Issue['path']): Issue | undefined {
  if (typeof raw !== 'object' || raw === null) return { path: at, message: 'a Kafka record must be an object' };
  const r = raw as Record<string, unknown>;
  if (typeof r.topic !== 'string') return { path: [...at, 'topic'], message: 'topic must be a string' };
  for (const field of ['partition', 'offset', 'timestamp'] as const) {
    if (typeof r[field] !== 'number') return { path: [...at, field], message: `${field} must be a number` };
  }
  for (const field of ['key', 'value'] as const) {
    const v = r[field];
    if (v !== undefined && v !== null && typeof v !== 'string') {
      return { path: [...at, field], message: `${field} must be base64 text or null` };
    }
  }
  if (r.headers !== undefined && !Array.isArray(r.headers)) {
    return { path: [...at, 'headers'], message: 'headers must be a list of {name: [bytes]}' };
  }
  return undefined;
}

/** Lambda's wire record → the transport-neutral KafkaRecord (base64 and header bytes decoded). */
export function toKafkaRecord(record: LambdaKafkaRecord): KafkaRecord {
  const headers: Record<string, string> = {};
  for (const header of record.headers ?? []) {
    for (const [name, bytes] of Object.entries(header)) headers[name] = Buffer.from(bytes).toString('utf8');
  }
  const bytes = (text: string | null | undefined) => (typeof text === 'string' ? Buffer.from(text, 'base64') : null);
  return {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    timestamp: record.timestamp,
    key: bytes(record.key),
    value: bytes(record.value),
    headers,
  };
}
