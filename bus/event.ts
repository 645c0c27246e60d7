import { randomUUID } from 'node:crypto';

/** A JSON value as it appears inside events. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A CloudEvents 1.0 event in its JSON form; every event inside conflux has this shape. */
export interface CloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject?: string;
  time?: string;
  datacontenttype?: string;
  data?: Json;
  /** Extension attributes (lower-case names, per the spec). */
  [extension: string]: Json | undefined;
}

/** The `data` of an event emitted by a Kafka source: exactly Alibaba's `alikafka` shape. */
export interface KafkaEventData {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  headers: { headers: Json[]; isReadOnly: boolean };
  key: string | null;
  value: Json;
  [extra: string]: Json;
}

/** Builds a CloudEvent with a fresh id and the current time unless given. */
export function cloudEvent(fields: {
  source: string;
  type: string;
  id?: string;
  [attribute: string]: Json | undefined;
}): CloudEvent {
  return { specversion: '1.0', id: fields.id ?? randomUUID(), time: new Date().toISOString(), ...fields } as CloudEvent;
}
