import { randomUUID } from 'node:crypto';
import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import { ConfluxError, messageOf } from '../../../bus/errors.js';
import type { TaskSource } from '../../../bus/task/contract.js';
import { Inbox } from '../../adapters/source/inbox.js';
import { META_HEADER } from '../../adapters/source/record.js';
import type { MqttSourceConfig } from './config.js';
import type { MqttMeta } from './decode.js';

export { decode } from './decode.js';

/** Passed to mqtt.js's message callback to say "do not PUBACK now": the commit sends it. */
class AckLater extends Error {}
const ACK_LATER = new AckLater('acknowledged at commit');

/** A received QoS 1 message not yet acknowledged, with the connection it came on. */
interface Unacked {
  offset: number;
  messageId: number;
  stream: unknown;
}

/**
 * Subscribes with a persistent session (`clean: false`, client id `clientId` or
 * `conflux_<task>`), MQTT 3.1.1, and acknowledges QoS 1 messages only at commit: mqtt.js v5 has no
 * manual-ack switch for 3.1.1 (`customHandleAcks` is MQTT 5 only, and holding its callback stalls
 * every later packet), so `handleMessage` is overridden (the hook mqtt.js documents for flow
 * control) to skip its PUBACK, and `commit(…, n)` writes the PUBACK of every message below offset
 * n itself. Unacknowledged messages stay in the broker's session and come again (dup) after a
 * stop or crash; the broker sends at most its in-flight limit unacknowledged (Mosquitto:
 * max_inflight_messages, 20), which bounds what waits in memory. A PUBACK is only sent on the
 * connection the message came on: after a reconnect the broker resends it and that copy is acked.
 *
 * QoS: 0 has no acknowledgement (at-most-once). A `qos: 2` subscription is made at QoS 1: QoS 2's
 * PUBREC cannot be held back without stalling the client, and once sent the broker never resends
 * the message, so a crash before commit would lose it; QoS 1 keeps the task at-least-once.
 *
 * @example const source = await openSource({ type: 'mqtt', url: 'mqtt://127.0.0.1:1883', topic: 'devices/#', qos: 1 }, { task: 'devices' })
 */
export async function openSource(config: MqttSourceConfig, context: { task: string }): Promise<TaskSource> {
  const inbox = new Inbox(config.topic);
  const unacked: Unacked[] = [];
  const client = mqtt.connect(config.url, {
    clientId: config.clientId ?? `conflux_${context.task}`,
    clean: false,
    protocolVersion: 4,
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
  });
  // set before the first packet: a resumed session sends its queue right after CONNACK
  client.handleMessage = (packet: IPublishPacket, callback: (error?: Error) => void) => {
    const offset = inbox.push(toRecord(packet, config.topic));
    if (packet.qos === 0 || packet.messageId === undefined) return callback();
    unacked.push({ offset, messageId: packet.messageId, stream: client.stream });
    callback(ACK_LATER); // mqtt.js skips the PUBACK on an error here and reads on
  };
  client.on('error', () => {}); // connection errors: the client reconnects; refusals fail below
  try {
    await connected(client);
    const qos = config.qos === 0 ? 0 : 1;
    const granted = await client.subscribeAsync(config.topic, { qos });
    if (granted.some((grant) => grant.qos === 128)) {
      throw new Error(`the broker refused the subscription to "${config.topic}"`);
    }
  } catch (error) {
    await client.endAsync(true).catch(() => {});
    throw new ConfluxError('source.mqtt.connect', `cannot subscribe at ${config.url}: ${messageOf(error)}`, {
      path: 'source.topic',
      retriable: true,
      cause: error,
    });
  }
  let ending: Promise<void> | undefined;
  return {
    run: (onBatch) => inbox.run(onBatch),
    async commit(_topic, _partition, nextOffset) {
      let count = 0;
      while (count < unacked.length && unacked[count]!.offset < nextOffset) count++;
      await Promise.all(unacked.splice(0, count).map((message) => puback(client, message)));
    },
    stop() {
      inbox.stop();
      // no PUBACKs: what was not committed stays in the session and is sent again. A DISCONNECT and
      // a closing FIN, not a destroyed socket: a reset would let the broker drop committed PUBACKs it
      // had not read yet.
      ending ??= disconnect(client);
      return ending;
    },
  };
}

/** How long a clean disconnect may take before the socket is destroyed. */
const DISCONNECT_MS = 5000;

/** Ends the connection cleanly when it is up (bounded by DISCONNECT_MS), else destroys it. */
async function disconnect(client: MqttClient): Promise<void> {
  if (client.connected) {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), DISCONNECT_MS);
    });
    const ended = await Promise.race([client.endAsync(false).then(() => 'ended' as const), late]).catch(() => 'late');
    clearTimeout(timer);
    if (ended === 'ended') return;
  }
  await client.endAsync(true).catch(() => {});
}

/**
 * Writes a 3.1.1 PUBACK (fixed header 0x40, length 2, packet id) if the message's connection is
 * the live one, resolving once the socket has taken it: a stop right after the commit destroys the
 * socket, and a PUBACK still buffered then would be lost (the broker would send the message again).
 */
function puback(client: MqttClient, message: Unacked): Promise<void> {
  if (!client.connected || client.stream !== message.stream) return Promise.resolve();
  const packet = Buffer.from([0x40, 0x02, message.messageId >> 8, message.messageId & 0xff]);
  return new Promise((resolve) => client.stream.write(packet, () => resolve()));
}

/** Resolves at the first CONNACK; rejects on a refusal, or when the broker is unreachable for `CONNECT_MS`. */
function connected(client: MqttClient): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      clearTimeout(timer);
      client.off('connect', ok);
      client.off('error', fail);
      if (error === undefined) resolve();
      else reject(error);
    };
    const ok = () => done();
    const fail = (error: Error) => {
      // a refused CONNACK is final; anything else the client retries
      if (typeof (error as { code?: unknown }).code === 'number') done(error);
    };
    const timer = setTimeout(() => done(new Error(`no CONNACK within ${CONNECT_MS} ms`)), CONNECT_MS);
    client.on('connect', ok);
    client.on('error', fail);
  });
}

const CONNECT_MS = 10_000;

function toRecord(packet: IPublishPacket, filter: string) {
  const meta: MqttMeta = {
    id: randomUUID(),
    filter,
    props: {
      topic: packet.topic,
      qos: packet.qos,
      retain: packet.retain,
      dup: packet.dup,
      ...(packet.messageId === undefined ? {} : { messageId: packet.messageId }),
    },
  };
  const value = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
  return {
    timestamp: Date.now(),
    key: Buffer.from(packet.topic),
    value,
    headers: { [META_HEADER]: JSON.stringify(meta) },
  };
}
