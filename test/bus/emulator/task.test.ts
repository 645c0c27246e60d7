import { describe, expect, it } from 'vitest';
import { Task } from '../../../bus/emulator/task.js';
import type { RecordBatch, SinkMessage, TaskSource } from '../../../bus/emulator/types.js';
import type { CloudEvent } from '../../../bus/event.js';
import type { StoredRecord } from '../../../bus/log/types.js';

function record(offset: number, value: unknown): StoredRecord {
  return {
    topic: 't',
    partition: 0,
    offset,
    timestamp: 0,
    key: null,
    value: Buffer.from(JSON.stringify(value)),
    headers: {},
  };
}

/** A source that hands over fixed batches, then ends; it logs every step so order can be checked. */
function scriptedSource(batches: RecordBatch[], log: string[]): TaskSource {
  let stopped = false;
  return {
    async run(onBatch) {
      for (const batch of batches) {
        if (stopped) return;
        await onBatch(batch);
      }
    },
    async commit(_topic, partition, nextOffset) {
      log.push(`commit ${partition}@${nextOffset}`);
    },
    async stop() {
      stopped = true;
    },
  };
}

function decode(r: StoredRecord): CloudEvent {
  return { specversion: '1.0', id: String(r.offset), source: 's', type: 't', data: JSON.parse(r.value.toString()) };
}

async function settle(task: Task): Promise<void> {
  await new Promise<void>((resolve) => {
    const poll = () => (task.status().state === 'running' ? setImmediate(poll) : resolve());
    poll();
  });
}

describe('Task', () => {
  const batches: RecordBatch[] = [
    { topic: 't', partition: 0, records: [record(0, { ok: 1 }), record(1, { ok: 0 })] },
    { topic: 't', partition: 0, records: [record(2, { ok: 1 })] },
  ];

  it('filters, transforms, writes, and commits each batch only after the sink acknowledged it', async () => {
    const log: string[] = [];
    const task = new Task({
      name: 'demo',
      source: scriptedSource(batches, log),
      decode,
      filter: (event) => (event.data as { ok: number }).ok === 1,
      transform: async (event) => [`#${event.id}`],
      sink: {
        async write(messages: SinkMessage[]) {
          log.push(`write ${messages.map((m) => m.payload).join(',')}`);
        },
        async close() {},
      },
    });
    task.start();
    await settle(task);
    expect(log).toEqual(['write #0', 'commit 0@2', 'write #2', 'commit 0@3']);
    expect(task.counters).toMatchObject({ eventsIn: 3, eventsFiltered: 1, eventsOut: 2, batches: 2 });
    expect(task.status()).toEqual({ state: 'stopped' });
  });

  it('stops with the sink error as its reason and leaves the failed batch uncommitted', async () => {
    const log: string[] = [];
    const task = new Task({
      name: 'demo',
      source: scriptedSource(batches, log),
      decode,
      transform: async (event) => [event.id],
      sink: {
        async write() {
          throw new Error('connection refused');
        },
        async close() {},
      },
    });
    task.start();
    await settle(task);
    expect(task.status()).toEqual({ state: 'failed', reason: 'connection refused' });
    expect(log).toEqual([]);
  });
});
