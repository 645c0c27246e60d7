import { describe, expect, it } from 'vitest';
import { SinkError } from '../../../bus/delivery/index.js';
import type { SinkMessage, TaskSource } from '../../../bus/task/contract.js';
import { Task } from '../../../bus/task/task.js';
import { parts, scriptedLog, twoBatches } from './task-parts.js';

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
});
