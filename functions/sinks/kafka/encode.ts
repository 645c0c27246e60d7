import type { SinkMessage } from '../../../bus/emulator/types.js';
import { ConfluxError } from '../../../bus/errors.js';
import type { ProducedRecord } from '../../../bus/log/types.js';

/** A compiled field spec: event in, the field's text out (see functions/transformers/compile.ts). */
export type FieldRenderer = (message: SinkMessage) => Promise<string[]>;

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
  const headers: Record<string, string> = {};
  for (const [name, render] of Object.entries(fields.headers ?? {})) {
    headers[name] = await single(render, message, `sink.headers.${name}`);
  }
  const key = fields.key === undefined ? null : await single(fields.key, message, 'sink.key');
  return { key, value: message.payload, headers };
}

async function single(render: FieldRenderer, message: SinkMessage, path: string): Promise<string> {
  const outputs = await render(message);
  if (outputs.length !== 1) {
    throw new ConfluxError('sink.kafka.field', `${path} must render to exactly one value (got ${outputs.length})`, {
      path,
    });
  }
  return outputs[0]!;
}
