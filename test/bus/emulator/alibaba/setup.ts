import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as EventBridge from '@alicloud/eventbridge';
import { expect } from 'vitest';
import type { AlibabaCredentials } from '../../../../bus/emulator/alibaba/credentials.js';
import { validateConfig } from '../../../../infra/config/index.js';
import { type Streams, startStreams } from '../../../../infra/wire/streams.js';

/** The SDK's client class: the default export of its CommonJS module (`exports.default`). */
type ClientClass = typeof EventBridge.default.default;
const commonJs = EventBridge.default as unknown as { default?: ClientClass };
export const SdkClient: ClientClass = commonJs.default ?? (EventBridge.default as unknown as ClientClass);

/** A running emulator on a free port, and an `@alicloud/eventbridge` client on it. */
export interface AlibabaBench {
  dir: string;
  streams: Streams;
  client: InstanceType<ClientClass>;
  /** A client signing with other credentials. */
  clientWith(accessKeyId: string, accessKeySecret: string): InstanceType<ClientClass>;
  /** Appends JSON values to a topic of the embedded bus. */
  produce(topic: string, values: unknown[], key?: (value: unknown) => string): Promise<void>;
  /** The values of a topic of the embedded bus, as text, once it holds `count` (partition 0 first). */
  topicWhen(topic: string, count: number): Promise<string[]>;
  /** The lines of a file in the bench folder. */
  lines(file: string): Promise<string[]>;
  close(): Promise<void>;
}

/** Starts the emulator with an optional conflux.yaml body (tasks, kafkaClusters, quota); `dir` reuses a bench's folder (its task store). */
export async function startAlibabaBench(
  config: Record<string, unknown> = {},
  options: { credentials?: AlibabaCredentials; dir?: string; apiToken?: string } = {},
): Promise<AlibabaBench> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'conflux-alibaba-')));
  const valid = validateConfig({ version: 1, ...config });
  if (!valid.ok) throw new Error(`bad test config: ${JSON.stringify(valid)}`);
  const streams = await startStreams(valid.config, {
    baseDir: dir,
    dataDir: join(dir, '.conflux'),
    port: 0,
    ...(options.credentials ? { alibabaCredentials: options.credentials } : {}),
    ...(options.apiToken ? { exposure: { apiToken: options.apiToken } } : {}),
  });
  const clientWith = (accessKeyId: string, accessKeySecret: string) =>
    new SdkClient(
      new EventBridge.Config({ accessKeyId, accessKeySecret, endpoint: `127.0.0.1:${streams.port}`, protocol: 'http' }),
    );
  const readTopic = async (topic: string) => {
    const out: string[] = [];
    const partitions = await streams.log.partitions(topic);
    for (let p = 0; p < partitions; p++)
      for (const record of await streams.log.read(topic, p, 0, 10_000)) out.push(record.value.toString('utf8'));
    return out;
  };
  return {
    dir,
    streams,
    client: clientWith('test-id', 'test-secret'),
    clientWith,
    produce: async (topic, values, key) => {
      await streams.log.append(
        topic,
        values.map((value) => ({ value: JSON.stringify(value), ...(key ? { key: key(value) } : {}) })),
      );
    },
    topicWhen: async (topic, count) => {
      await expect.poll(async () => (await readTopic(topic)).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(count);
      return readTopic(topic);
    },
    lines: async (file) =>
      (await readFile(join(dir, file), 'utf8').catch(() => '')).split('\n').filter((line) => line !== ''),
    close: () => streams.close(),
  };
}

/** The SDK's error for a refused call: its `code` and `data` (the body the emulator sent). */
export async function sdkError(
  call: Promise<unknown>,
): Promise<{ code: string; message: string; data: Record<string, unknown> }> {
  try {
    await call;
  } catch (error) {
    return error as { code: string; message: string; data: Record<string, unknown> };
  }
  throw new Error('expected the call to be refused');
}
