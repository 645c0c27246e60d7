import { openProducer } from '../../../bus/log/index.js';
import type { EventLog, ProducedRecord, Producer } from '../../../bus/log/types.js';
import type { SinkMessage, SinkWriter } from '../../../bus/task/contract.js';
import { compileFields, compileSinkField, type FieldRenderer, renderMap, renderSingle } from '../task/sink-fields.js';

/** What a Kafka writer needs: the topic, the cluster (else the embedded bus), key and header specs, acks, compression. */
export interface KafkaWriterConfig {
  topic: string;
  brokers?: string[] | undefined;
  key?: unknown;
  headers?: Record<string, unknown> | undefined;
  acks: 0 | 1 | 'all';
  compression: 'none' | 'gzip';
}

/** The compiled field specs: record key and headers, each rendered from the event. */
export interface KafkaFields {
  key?: FieldRenderer;
  headers?: Record<string, FieldRenderer>;
}

/**
 * One payload → one Kafka record: the payload is the value; key and headers are rendered from the
 * event by their own specs, each of which must give exactly one text, else a permanent `code`
 * error naming `<at>.key` or `<at>.headers.<name>` (`at`: `sink` for the Kafka sink, `target` for a source function).
 *
 * @example await encodeKafkaRecord({ event, payload: '{"id":1}' }, { key }, 'sink', 'sink.kafka.field') // { key: '1', value: '{"id":1}', headers: {} }
 */
export async function encodeKafkaRecord(
  message: SinkMessage,
  fields: KafkaFields,
  at: string,
  code: string,
): Promise<ProducedRecord> {
  const headers = await renderMap(fields.headers ?? {}, message, `${at}.headers`, code);
  const key = fields.key === undefined ? null : await renderSingle(fields.key, message, `${at}.key`, code);
  return { key, value: message.payload, headers };
}

/** encodeKafkaRecord for each message, in order; without key or header specs, at once (no promise per record). */
export function encodeKafkaRecords(
  messages: SinkMessage[],
  fields: KafkaFields,
  at: string,
  code: string,
): Promise<ProducedRecord[]> {
  if (fields.key === undefined && (fields.headers === undefined || isEmpty(fields.headers))) {
    const records: ProducedRecord[] = new Array(messages.length);
    for (let i = 0; i < messages.length; i++) records[i] = { key: null, value: messages[i]!.payload, headers: {} };
    return Promise.resolve(records);
  }
  return Promise.all(messages.map((message) => encodeKafkaRecord(message, fields, at, code)));
}

function isEmpty(map: object): boolean {
  for (const _ in map) return false;
  return true;
}

/**
 * Connects a producer (kafkajs when `brokers` are given, else the embedded `log`) and compiles the
 * key and header specs once: the Kafka sink's writer and a source function's. A write resolves when
 * the broker acknowledged every record (per `acks`) and fails whole otherwise.
 *
 * @example const writer = await connectKafkaWriter({ topic: 'orders', brokers: ['127.0.0.1:9092'], acks: 'all', compression: 'none' }, { baseDir: '.', at: 'target', code: 'target.kafka.field' })
 */
export async function connectKafkaWriter(
  config: KafkaWriterConfig,
  context: {
    baseDir: string;
    log?: EventLog | undefined;
    at: string;
    code: string;
    /** A producer to write through instead of opening one (exactly-once: a transactional producer). */
    producer?: Producer;
  },
): Promise<SinkWriter> {
  const key = config.key === undefined ? undefined : compileSinkField(config.key, context.baseDir);
  const headers = compileFields(config.headers ?? {}, context.baseDir);
  const fields: KafkaFields = { headers: headers.renderers, ...(key === undefined ? {} : { key }) };
  const closeFields = () => Promise.all([key?.close(), headers.close()]);
  const producer = await (context.producer !== undefined
    ? Promise.resolve(context.producer)
    : config.brokers === undefined
      ? openProducer({ log: requireLog(context.log) })
      : openProducer({
          brokers: config.brokers,
          acks: config.acks === 'all' ? -1 : config.acks,
          compression: config.compression,
        })
  ).catch(async (error: unknown) => {
    await closeFields();
    throw error;
  });
  return {
    async write(messages) {
      const records = await encodeKafkaRecords(messages, fields, context.at, context.code);
      await producer.send(config.topic, records);
    },
    async close() {
      await producer.close();
      await closeFields();
    },
  };
}

function requireLog(log: EventLog | undefined): EventLog {
  if (log === undefined) throw new Error('a Kafka writer without brokers needs the embedded bus');
  return log;
}
