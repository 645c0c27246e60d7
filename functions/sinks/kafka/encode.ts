import type { SinkMessage } from '../../../bus/emulator/types.js';
import type { ProducedRecord } from '../../../bus/log/types.js';
import { type FieldRenderer, renderMap, renderSingle } from '../../shared/sink-fields.js';

export type { FieldRenderer } from '../../shared/sink-fields.js';

/** The Kafka sink's compiled field specs: record key and headers, each rendered from the event. */
export interface KafkaFields {
  key?: FieldRenderer;
  headers?: Record<string, FieldRenderer>;
}

/**
 * One payload → one Kafka record: the payload is the value; key and headers are rendered from
 * the event by their own specs, each of which must give exactly one text.
 *
 * @example await encode({ event, payload: '{"id":1}' }, { key: render('$.data.value.id') }) // { key: '1', value: '{"id":1}', headers: {} }
 */
export async function encode(message: SinkMessage, fields: KafkaFields): Promise<ProducedRecord> {
  const headers = await renderMap(fields.headers ?? {}, message, 'sink.headers', 'sink.kafka.field');
  const key = fields.key === undefined ? null : await renderSingle(fields.key, message, 'sink.key', 'sink.kafka.field');
  return { key, value: message.payload, headers };
}
