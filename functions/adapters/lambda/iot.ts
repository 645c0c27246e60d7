import { randomUUID } from 'node:crypto';
import type { Issue } from '../../../bus/errors.js';
import { mqttEvent } from '../source/events/mqtt.js';
import type { SourceItem } from './kafka.js';

/**
 * How a deployed MQTT task receives its messages: an AWS IoT topic rule on the source's topic
 * filter whose Lambda action invokes the function with what the rule's SQL selects. `SELECT *`
 * would hand over the payload itself (only when it is JSON, and without the topic), so the rule
 * selects the payload's bytes as base64 and what the event needs beside it — the payload stays
 * exact, JSON or not, and the function builds the emulator's event from it.
 */
export const IOT_RULE_FIELDS = { payload: 'payload', topic: 'topic', receivedAt: 'receivedAt', id: 'id' } as const;

/** The SQL version the rule needs (`encode` and `traceid` are 2016-03-23 functions). */
export const IOT_SQL_VERSION = '2016-03-23';

/**
 * The rule's SQL for an MQTT topic filter (+ and # as in MQTT).
 *
 * @example iotRuleSql('devices/+/telemetry') // "SELECT encode(*, 'base64') AS payload, topic() AS topic, timestamp() AS receivedAt, traceid() AS id FROM 'devices/+/telemetry'"
 */
export function iotRuleSql(topicFilter: string): string {
  const f = IOT_RULE_FIELDS;
  return `SELECT encode(*, 'base64') AS ${f.payload}, topic() AS ${f.topic}, timestamp() AS ${f.receivedAt}, traceid() AS ${f.id} FROM '${topicFilter}'`;
}

/** What the rule's SQL selects. */
export interface IotRuleMessage {
  payload: string;
  topic: string;
  receivedAt?: number;
  id?: string;
}

/** How the message of an IoT invocation is named: its event id and topic. */
export interface IotItemIdentifier {
  id: string | undefined;
  topic: string | undefined;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The one message of an IoT rule invocation → the CloudEvent the emulator's MQTT source emits for
 * it (functions/adapters/source/events/mqtt.ts): `id` the message's trace id (a UUID, the same on
 * Lambda's retries), `time` when IoT received it, `props.topic` the topic it came on. IoT tells no
 * QoS, retain, dup flag or packet id, so `props` holds `topic` alone.
 *
 * @example lambdaIotItems({ payload: 'eyJ0IjoxfQ==', topic: 'devices/7' })[0].event.data.body // { t: 1 }
 */
export function lambdaIotItems(invocation: unknown, now = Date.now()): SourceItem<IotItemIdentifier>[] {
  const message = invocation as Partial<IotRuleMessage> | null;
  const identifier = {
    id: typeof message?.id === 'string' ? message.id : undefined,
    topic: typeof message?.topic === 'string' ? message.topic : undefined,
  };
  const issue = checkMessage(invocation);
  if (issue !== undefined) return [{ identifier, issue }];
  const { payload, topic, receivedAt, id } = invocation as IotRuleMessage;
  const eventId = id ?? randomUUID();
  return [
    {
      identifier: { id: eventId, topic },
      event: mqttEvent({
        id: eventId,
        props: { topic },
        payload: Buffer.from(payload, 'base64'),
        receivedAt: receivedAt ?? now,
      }),
    },
  ];
}

function checkMessage(invocation: unknown): Issue | undefined {
  const sql = 'the IoT rule must select them (conflux package writes its SQL)';
  if (typeof invocation !== 'object' || invocation === null || Array.isArray(invocation)) {
    return { path: [], message: `an IoT rule message must be an object of payload, topic, receivedAt, id; ${sql}` };
  }
  const m = invocation as Record<string, unknown>;
  if (typeof m.payload !== 'string' || !BASE64.test(m.payload)) {
    return { path: [IOT_RULE_FIELDS.payload], message: `payload must be base64 text; ${sql}` };
  }
  if (typeof m.topic !== 'string' || m.topic === '')
    return { path: [IOT_RULE_FIELDS.topic], message: `topic must be text; ${sql}` };
  if (m.receivedAt !== undefined && typeof m.receivedAt !== 'number') {
    return { path: [IOT_RULE_FIELDS.receivedAt], message: 'receivedAt must be a number (ms)' };
  }
  if (m.id !== undefined && typeof m.id !== 'string') return { path: [IOT_RULE_FIELDS.id], message: 'id must be text' };
  return undefined;
}
