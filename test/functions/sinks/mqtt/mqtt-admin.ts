import { randomUUID } from 'node:crypto';
import { connectAsync, type MqttClient } from 'mqtt';

/** A subscriber to one topic, connected before the sink writes: what it got, in arrival order. */
export interface TopicReader {
  /** Every payload received so far, once the broker delivered all that was published before the call. */
  received(): Promise<string[]>;
  /** Resolves with what arrived once at least `count` payloads did. */
  until(count: number): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * Subscribes (qos 1 unless told) to `topic`. `received` publishes a marker through the subscriber's own
 * connection and waits for it to come back: the broker handled the sink's acknowledged
 * messages before the marker, so by then they were delivered.
 */
export async function readTopic(url: string, topic: string, qos: 0 | 1 | 2 = 1): Promise<TopicReader> {
  const client: MqttClient = await connectAsync(url, { clientId: `conflux-test-reader-${randomUUID()}` });
  const got: string[] = [];
  const markers = new Map<string, () => void>();
  const waiters = new Set<() => void>();
  client.on('message', (_topic, payload) => {
    const text = payload.toString('utf8');
    const marker = markers.get(text);
    if (marker !== undefined) marker();
    else got.push(text);
    for (const check of waiters) check();
  });
  await client.subscribeAsync(topic, { qos });
  return {
    async received() {
      const marker = `marker-${randomUUID()}`;
      const back = new Promise<void>((resolve) => markers.set(marker, resolve));
      await client.publishAsync(topic, marker, { qos: 1 });
      await back;
      return [...got];
    },
    until(count) {
      return new Promise((resolve) => {
        const check = () => {
          if (got.length < count) return;
          waiters.delete(check);
          resolve([...got]);
        };
        waiters.add(check);
        check();
      });
    },
    close: () => client.endAsync(),
  };
}

/** Connects and leaves with `clientId`: the broker drops the session of the sink that had it. */
export async function takeOverClientId(url: string, clientId: string): Promise<void> {
  const intruder = await connectAsync(url, { clientId, reconnectPeriod: 0 }, false);
  await intruder.endAsync();
}
