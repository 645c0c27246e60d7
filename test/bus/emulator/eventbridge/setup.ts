import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { expect } from 'vitest';
import { validateConfig } from '../../../../infra/config/index.js';
import { type Streams, startStreams } from '../../../../infra/wire/streams.js';

/** A running emulator with tasks that write to `<task>.jsonl` files, and a real SDK client on it. */
export interface EventBridgeBench {
  dir: string;
  streams: Streams;
  client: EventBridgeClient;
  /** A client signing for another region (state is kept per region). */
  clientIn(region: string): EventBridgeClient;
  /** The parsed lines a task's file sink holds. */
  delivered(task: string): Promise<unknown[]>;
  close(): Promise<void>;
}

/**
 * Starts the emulator on a free port with one task per name (sink: file `<name>.jsonl`, no transform);
 * `allowHosts` as `--allow-host` gives them (a client behind a proxy on another port names that port).
 */
export async function startBench(tasks: string[] = [], allowHosts: string[] = []): Promise<EventBridgeBench> {
  const dir = await mkdtemp(join(tmpdir(), 'conflux-eventbridge-'));
  const valid = validateConfig({
    version: 1,
    tasks: tasks.map((name) => ({
      name,
      source: { type: 'kafka', topic: `unused-${name}` },
      sink: { type: 'file', path: `${name}.jsonl` },
    })),
  });
  if (!valid.ok) throw new Error(`bad test config: ${JSON.stringify(valid)}`);
  const streams = await startStreams(valid.config, {
    baseDir: dir,
    dataDir: join(dir, '.conflux'),
    port: 0,
    exposure: { allowHosts },
  });
  const clients: EventBridgeClient[] = [];
  const clientIn = (region: string) => {
    const client = new EventBridgeClient({
      endpoint: `http://127.0.0.1:${streams.port}`,
      region,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    clients.push(client);
    return client;
  };
  return {
    dir,
    streams,
    client: clientIn('us-east-1'),
    clientIn,
    delivered: async (task) =>
      (await readFile(join(dir, `${task}.jsonl`), 'utf8').catch(() => ''))
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as unknown),
    close: async () => {
      for (const client of clients) client.destroy();
      await streams.close();
    },
  };
}

/** Awaits a call that must fail; checks the error the SDK throws (its name and message) and the HTTP status. */
export async function expectAwsError(
  call: Promise<unknown>,
  name: string,
  message: string | RegExp,
  status = 400,
): Promise<void> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e as Error & { $metadata?: { httpStatusCode?: number } },
  );
  expect(error, `expected ${name}`).toBeDefined();
  expect(error!.name).toBe(name);
  if (typeof message === 'string') expect(error!.message).toBe(message);
  else expect(error!.message).toMatch(message);
  expect(error!.$metadata?.httpStatusCode).toBe(status);
}
