import { describe, expect, it } from 'vitest';
import { SinkError } from '../../../bus/delivery/index.js';
import type { SinkMessage, TaskSource } from '../../../bus/task/contract.js';
import { Task } from '../../../bus/task/task.js';
import { parts, record, scriptedLog, settled, twoBatches } from './task-parts.js';

/** A promise resolved from outside. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** The scripted source, logging when it is stopped. */
function loggingSource(log: string[]) {
  const scripted = scriptedLog(twoBatches, log);
  return {
    scripted,
    async openSource(): Promise<TaskSource> {
      const source = await scripted.openSource();
      const stop = async () => {
        log.push('source stopped');
        await source.stop();
      };
      return { ...source, stop };
    },
  };
}

describe('Task pause', () => {
  it('lets a batch the sink is writing finish and commit before the source stops; takes no new batch', async () => {
    const log: string[] = [];
    const writing = gate();
    const release = gate();
    const sink = {
      async write(messages: SinkMessage[]) {
        log.push(`write ${messages.map((m) => m.payload).join(',')}`);
        writing.open();
        await release.opened;
      },
      close: async () => {},
    };
    const { scripted, openSource } = loggingSource(log);
    const task = new Task(parts({ openSource, sink }));
    await task.start();
    await writing.opened;
    const paused = task.pause();
    release.open();
    await paused;
    expect(log).toEqual(['write #0,#1', 'commit 0@2', 'source stopped']);
    expect(scripted.committed()).toBe(2);
    expect(task.status()).toEqual({ state: 'paused' });
  });

  it('cuts a retry wait short and commits nothing of that batch (a resume delivers it again)', async () => {
    const log: string[] = [];
    let calls = 0;
    const sink = {
      async write() {
        calls++;
        throw new SinkError('sink.test.down', 'down for now', { retriable: true });
      },
      close: async () => {},
    };
    const { scripted, openSource } = loggingSource(log);
    const task = new Task(parts({ openSource, sink })); // ManualClock: the retry waits until the pause
    await task.start();
    while (calls === 0) await new Promise((resolve) => setImmediate(resolve));
    await task.pause();
    expect(scripted.committed()).toBe(0);
    expect(log).toEqual(['source stopped']);
    expect(task.status().state).toBe('paused');
  });

  it('waits for the batches of every partition being written at once before the source stops', async () => {
    const log: string[] = [];
    const releases: (() => void)[] = [];
    const sink = {
      write(messages: SinkMessage[]) {
        log.push(`write ${messages.map((m) => m.payload).join(',')}`);
        return new Promise<void>((resolve) => releases.push(resolve));
      },
      close: async () => {},
    };
    // a source like the embedded bus or a Kafka group consuming partitions at once: both batches handed over together
    const openSource = async (): Promise<TaskSource> => ({
      async run(onBatch) {
        await Promise.all([
          onBatch({ topic: 't', partition: 0, records: [record(0, { ok: 1 })] }),
          onBatch({ topic: 't', partition: 1, records: [{ ...record(5, { ok: 1 }), partition: 1 }] }),
        ]);
      },
      async commit(_topic, partition, nextOffset) {
        log.push(`commit ${partition}@${nextOffset}`);
      },
      async stop() {
        log.push('source stopped');
      },
    });
    const task = new Task(parts({ openSource, sink }));
    await task.start();
    while (releases.length < 2) await new Promise((resolve) => setImmediate(resolve));
    const paused = task.pause();
    releases[1]!(); // the batch handed over last finishes first
    for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['write #0', 'write #5', 'commit 1@6']);
    releases[0]!();
    await paused;
    expect(log.slice(3)).toEqual(['commit 0@1', 'source stopped']);
  });
});

describe('Task with a source whose commits may trail (commitBehind)', () => {
  /** Two batches of partition 0; each commit waits until the test lets it through. */
  function trailingSource(log: string[], commits: { opened: Promise<void> }[], fail?: Error) {
    let next = 0;
    return async (): Promise<TaskSource> => ({
      commitBehind: true,
      async run(onBatch) {
        for (const batch of twoBatches) {
          log.push(`batch ${batch.records[0]!.offset}`);
          await onBatch(batch);
        }
      },
      async commit(_topic, partition, nextOffset) {
        const mine = commits[next++]!;
        log.push(`commit ${partition}@${nextOffset} sent`);
        await mine.opened;
        if (fail !== undefined) throw fail;
        log.push(`commit ${partition}@${nextOffset} done`);
      },
      async stop() {
        log.push('source stopped');
      },
    });
  }
  const sink = (log: string[]) => ({
    write: async (m: SinkMessage[]) => void log.push(`write ${m.map((x) => x.payload).join(',')}`),
    close: async () => {},
  });

  it('delivers the next batch while a commit is on its way, commits in order, and a pause commits what was delivered', async () => {
    const log: string[] = [];
    const commits = [gate(), gate()];
    const task = new Task(parts({ openSource: trailingSource(log, commits), sink: sink(log) }));
    await task.start();
    while (!log.includes('write #2')) await new Promise((resolve) => setImmediate(resolve));
    // the second batch was written while the first one's commit was still on its way
    expect(log).toEqual(['batch 0', 'write #0,#1', 'commit 0@2 sent', 'batch 2', 'write #2']);
    const paused = task.pause();
    for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(log).toHaveLength(5);
    commits[0]!.open();
    while (!log.includes('commit 0@3 sent')) await new Promise((resolve) => setImmediate(resolve));
    expect(log).not.toContain('source stopped');
    commits[1]!.open();
    await paused;
    expect(log.slice(5)).toEqual(['commit 0@2 done', 'commit 0@3 sent', 'commit 0@3 done', 'source stopped']);
    expect(task.status()).toEqual({ state: 'paused' });
  });

  it('fails the task with the reason of a commit that failed behind', async () => {
    const log: string[] = [];
    const commits = [gate(), gate()];
    commits[0]!.open();
    commits[1]!.open();
    const openSource = trailingSource(log, commits, new Error('coordinator says no'));
    const task = new Task(parts({ openSource, sink: sink(log) }));
    await task.start();
    await settled(task);
    expect(task.status()).toEqual({ state: 'failed', reason: 'coordinator says no' });
    expect(log).not.toContain('commit 0@3 sent');
  });
});
