import { randomUUID } from 'node:crypto';
import { connectAsync, ErrorWithReasonCode, type MqttClient } from 'mqtt';
import { SinkError } from '../../../bus/delivery/errors.js';
import type { SinkWriter } from '../../../bus/task/contract.js';
import { compileSinkField } from '../../shared/task/sink-fields.js';
import type { MqttSinkConfig } from './config.js';
import { encode, type MqttEncoding } from './encode.js';

/**
 * The MQTT sink's settings, plus the client id (default `conflux-sink-<random>`: two clients with
 * one id take the session from each other) and how long a write waits for the broker (30 s).
 */
export type MqttSinkOptions = MqttSinkConfig & { clientId?: string; timeoutMs?: number };

/**
 * Unacknowledged QoS 1/2 publishes at most: Mosquitto's default receive maximum (max_inflight_messages).
 * A 3.1.1 client past it gets its QoS 2 messages acknowledged yet silently dropped (seen with Mosquitto 2).
 */
const MAX_IN_FLIGHT = 20;

/** MQTT 5 reason codes that say the broker is busy, not that the message is wrong. */
const TRANSIENT_REASONS = new Set([0x88, 0x89, 0x97]); // server unavailable, server busy, quota exceeded
/** MQTT 3.1.1 CONNACK return codes: 3 is "server unavailable", the rest refuse the client itself. */
const CONNACK_RETRIABLE = new Set([3]);

/**
 * Connects an mqtt.js client (it reconnects on its own; QoS 1/2 messages in flight are resent
 * after a reconnect) and compiles the topic spec once. A write publishes its messages in order and
 * resolves on PUBACK (qos 1) or PUBCOMP (qos 2) for each, or once written to the socket (qos 0).
 * A write while the client is offline waits for the reconnect; it fails retriably after `timeoutMs`.
 */
export async function connect(options: MqttSinkOptions, context: { baseDir: string }): Promise<SinkWriter> {
  const encoding: MqttEncoding = {
    qos: options.qos,
    retain: options.retain,
    topic: compileSinkField(options.topic, context.baseDir),
  };
  const timeoutMs = options.timeoutMs ?? 30_000;
  const client = await connectAsync(
    options.url,
    {
      clientId: options.clientId ?? `conflux-sink-${randomUUID()}`,
      clean: true,
      reconnectPeriod: 250,
      connectTimeout: timeoutMs,
      writeCache: false, // mqtt-packet otherwise builds 65,536 number buffers first (~50 ms of a cold start); same bytes sent
    },
    false,
  ).catch((error: unknown) => {
    throw asSinkError(error);
  });
  client.on('error', () => {}); // reported through the publishes that fail; the client reconnects
  const slots = window(MAX_IN_FLIGHT);
  let closed = false;
  return {
    async write(messages) {
      if (messages.length === 0) return;
      const publishes = await Promise.all(messages.map((message) => encode(message, encoding)));
      await withTimeout(timeoutMs, async () => {
        await connected(client);
        // issued in order on one connection; mqtt.js keeps that order, resends included
        const acks: Promise<unknown>[] = [];
        for (const p of publishes) {
          const counted = p.options.qos > 0;
          if (counted) await slots.acquire();
          const ack = client.publishAsync(p.topic, p.payload, p.options).finally(() => counted && slots.release());
          ack.catch(() => {}); // observed by Promise.all below
          acks.push(ack);
        }
        await Promise.all(acks);
      }).catch((error: unknown) => {
        throw asSinkError(error);
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      // a graceful end waits for unacknowledged messages: give up on them if the broker is away
      await withTimeout(client.connected ? timeoutMs : 0, () => client.endAsync()).catch(() => client.endAsync(true));
      await encoding.topic.close();
    },
  };
}

/** Resolves once the client is connected (at once if it is). */
function connected(client: MqttClient): Promise<void> {
  if (client.connected) return Promise.resolve();
  return new Promise((resolve) => client.once('connect', () => resolve()));
}

/** A FIFO counting semaphore: at most `size` holders at once. */
function window(size: number): { acquire(): Promise<void>; release(): void } {
  let free = size;
  const queue: (() => void)[] = [];
  return {
    acquire() {
      if (free > 0) {
        free--;
        return Promise.resolve();
      }
      return new Promise((resolve) => queue.push(resolve));
    },
    release() {
      const next = queue.shift();
      if (next === undefined) free++;
      else next();
    },
  };
}

async function withTimeout(ms: number, run: () => Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(
      () =>
        fail(
          new SinkError('sink.mqtt.timeout', `the MQTT broker did not acknowledge within ${ms} ms`, {
            retriable: true,
          }),
        ),
      ms,
    );
  });
  await Promise.race([run(), timeout]).finally(() => clearTimeout(timer));
}

/** mqtt.js errors → SinkError: refusals by reason or CONNACK code are permanent unless the broker is only busy; the rest is connection trouble. */
function asSinkError(error: unknown): SinkError {
  if (error instanceof SinkError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (error instanceof ErrorWithReasonCode || typeof code === 'number') {
    const reason = Number(code);
    const retriable =
      error instanceof ErrorWithReasonCode ? TRANSIENT_REASONS.has(reason) : CONNACK_RETRIABLE.has(reason);
    return new SinkError('sink.mqtt.refused', `the MQTT broker refused (code ${reason}): ${message}`, {
      retriable,
      cause: error,
    });
  }
  return new SinkError('sink.mqtt.connection', `MQTT connection failed: ${message}`, { retriable: true, cause: error });
}
