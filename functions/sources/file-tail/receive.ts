import { join } from 'node:path';
import type { TaskSource } from '../../../bus/task/contract.js';
import { Inbox } from '../../adapters/source/inbox.js';
import { PositionFile } from '../../adapters/source/position.js';
import { META_HEADER } from '../../adapters/source/record.js';
import type { FileTailSourceConfig } from './config.js';
import type { FileTailMeta } from './decode.js';
import { type FilePosition, Follower, type TailFile } from './follow.js';
import type { FileRecord } from './records.js';

export { decode } from './decode.js';

/** What the file-tail source stores in the data directory: where each file goes on, by file id. */
interface StoredPositions {
  files: Record<string, FilePosition>;
}

/** Past this many records read and not yet acknowledged, reading pauses. */
const MAX_UNACKED = 10_000;
/** Records a batch carries at most: each batch costs a durable write of the position, so more than other sources. */
export const BATCH = 1000;

/**
 * Follows the files (see follow.ts) and hands each line or record to the task. `commit(…, n)`
 * stores, in `<dataDir>/sources/<task>.file-tail.json`, the position after the last record below
 * n of each file, once the sink has them; a restart (or a kill -9) goes on from there, so at most
 * the records in hand are read again. At the very first start it stores where each file begins,
 * so `from: end` applies once.
 *
 * @example const source = await openSource({ type: 'file-tail', paths: ['logs/*.log'], from: 'beginning', pollMs: 250 }, { task: 'logs', baseDir: '.', dataDir: '.conflux' })
 */
export async function openSource(
  config: FileTailSourceConfig,
  context: { task: string; baseDir: string; dataDir: string },
): Promise<TaskSource> {
  const store = new PositionFile<StoredPositions>(join(context.dataDir, 'sources'), context.task, 'file-tail');
  const stored = await store.read();
  let committed: Record<string, FilePosition> = { ...stored?.files };
  const inbox = new Inbox(config.paths.join(','), BATCH);
  const unacked: { offset: number; fileId: string; next: FilePosition }[] = [];
  let writing: Promise<void> = Promise.resolve();
  const save = () => {
    const files = { ...committed };
    writing = writing.catch(() => {}).then(() => store.write({ files }));
    return writing;
  };
  const follower = new Follower({
    patterns: config.paths,
    cwd: context.baseDir,
    known: (id) => committed[id],
    stored: stored === undefined ? undefined : Object.keys(stored.files),
    from: config.from,
    ...(config.multiline === undefined
      ? {}
      : { multiline: { start: new RegExp(config.multiline.start), timeoutMs: config.multiline.timeoutMs } }),
    pollMs: config.pollMs,
    emit(record, file) {
      const offset = inbox.push(toRecord(record, file));
      const next = { path: file.path, offset: record.end, line: record.lineNumber + record.lines };
      unacked.push({ offset, fileId: file.id, next });
    },
    canRead: () => unacked.length < MAX_UNACKED,
    started(positions) {
      committed = positions; // files no longer found are forgotten
      save().catch((error: unknown) => inbox.fail(error));
    },
  });
  await follower.start();
  const following = follower.run().catch((error: unknown) => inbox.fail(error));
  return {
    run: (onBatch) => inbox.run(onBatch),
    async commit(_topic, _partition, nextOffset) {
      let count = 0;
      while (count < unacked.length && unacked[count]!.offset < nextOffset) count++;
      if (count === 0) return;
      for (const { fileId, next } of unacked.splice(0, count)) committed[fileId] = next;
      await save();
      follower.wake();
    },
    async stop() {
      inbox.stop();
      follower.stop();
      await following;
      await writing.catch(() => {});
    },
  };
}

function toRecord(record: FileRecord, file: TailFile) {
  const meta: FileTailMeta = { fileId: file.id, file: file.path, offset: record.offset, lineNumber: record.lineNumber };
  return {
    timestamp: Date.now(),
    key: Buffer.from(file.path),
    value: Buffer.from(record.text),
    headers: { [META_HEADER]: JSON.stringify(meta) },
  };
}
