import type { CloudEvent, Json } from '../../../bus/event.js';
import type { StoredRecord } from '../../../bus/log/types.js';
import type { DecodedEvent } from '../../../bus/task/contract.js';
import { keepBodyText, parseBody, readMeta, userHeaders } from '../../adapters/source/record.js';

/**
 * What receive.ts keeps of a message besides payload and headers, as JSON in the record's `:meta`
 * header (the message's own headers keep their names; one that starts with `:` gets one more).
 */
export interface NatsMeta {
  /** `<stream>-<stream sequence>` under JetStream (the same on redelivery), else a UUID given on receipt. */
  id: string;
  props: {
    subject: string;
    stream?: string;
    sequence?: number;
    deliveryCount?: number;
    redelivered?: boolean;
  };
}

const SOURCE = 'conflux:nats';
const TYPE = 'nats:Subject:Message';
const CONTENT_TYPE = 'application/json;charset=utf-8';

/**
 * A NATS message → the CloudEvent the source emits (conflux's own shape; EventBridge has no NATS
 * source), laid out like the RabbitMQ and MQTT ones: `source: "conflux:nats"`,
 * `type: "nats:Subject:Message"`, `subject: <the message's subject>`,
 * `data: { props: { subject, stream?, sequence?, deliveryCount?, redelivered?, headers? }, body }`,
 * `body` being the parsed JSON when the payload parses, else its UTF-8 text. `time` is the
 * stream's timestamp under JetStream, else when conflux received the message.
 *
 * @example decode(record, { withText: false }).event.id // "ORDERS-42"
 */
export function decode(record: StoredRecord, options: { withText: boolean }): DecodedEvent {
  const meta = readMeta<NatsMeta>(record, 'source.nats.decode', 'a NATS message');
  const headers = userHeaders(record.headers);
  const props: { [name: string]: Json } = { ...meta.props };
  if (Object.keys(headers).length > 0) props.headers = headers;
  const { body, text } = parseBody(record.value);
  const event: CloudEvent = {
    specversion: '1.0',
    id: meta.id,
    source: SOURCE,
    type: TYPE,
    subject: meta.props.subject,
    time: new Date(record.timestamp).toISOString(),
    datacontenttype: CONTENT_TYPE,
    data: keepBodyText({ props, body }, text),
  };
  return options.withText ? { event, text: JSON.stringify(event) } : { event };
}
