import { ConfluxError } from '../../../bus/errors.js';
import type { SinkMessage } from '../../../bus/task/contract.js';
import { renderSingle, type SinkField } from '../../shared/task/sink-fields.js';

/** One NATS message: subject, headers (absent when none are configured) and the payload as data. */
export interface NatsMessage {
  subject: string;
  headers?: Record<string, string>;
  data: string;
}

/** The NATS sink's compiled field specs: the subject and one spec a header. */
export interface NatsFields {
  subject: SinkField;
  headers?: Record<string, SinkField>;
}

const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * One payload → one NATS message; subject and headers are rendered from the event, each giving
 * exactly one value. A subject with whitespace, an empty token or a wildcard token (`*`, `>`),
 * a header name that is not an HTTP token or a value with a line break is a permanent error.
 *
 * @example await encode({ event, payload: 'p' }, { subject }) // { subject: 'orders.eu', data: 'p' }
 */
export async function encode(message: SinkMessage, fields: NatsFields): Promise<NatsMessage> {
  const subject = await renderSingle(fields.subject, message, 'sink.subject', 'sink.nats.field');
  const tokens = subject.split('.');
  if (/\s/.test(subject) || tokens.some((token) => token === '' || token === '*' || token === '>')) {
    throw new ConfluxError(
      'sink.nats.subject',
      `sink.subject rendered ${JSON.stringify(subject)}: a subject is dot-separated non-empty tokens, without whitespace or wildcards`,
      { path: 'sink.subject' },
    );
  }
  const out: NatsMessage = { subject, data: message.payload };
  if (fields.headers === undefined) return out;
  out.headers = {};
  for (const [name, field] of Object.entries(fields.headers)) {
    const path = `sink.headers.${name}`;
    if (!HEADER_NAME.test(name)) {
      throw new ConfluxError('sink.nats.header', `${path}: ${JSON.stringify(name)} is not a valid header name`, {
        path,
      });
    }
    const value = await renderSingle(field, message, path, 'sink.nats.field');
    if (/[\r\n]/.test(value)) {
      throw new ConfluxError('sink.nats.header', `${path} rendered a value with a line break`, { path });
    }
    out.headers[name] = value;
  }
  return out;
}
