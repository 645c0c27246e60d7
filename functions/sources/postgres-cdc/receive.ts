import { join } from 'node:path';
import type { TaskSource } from '../../../bus/task/contract.js';
import { changeRecord, type RowChange } from '../../adapters/source/cdc-change.js';
import { Inbox } from '../../adapters/source/inbox.js';
import { PositionFile } from '../../adapters/source/position.js';
import type { PostgresCdcSourceConfig } from './config.js';
import { MAX_UNACKED, SourcePosition, type StoredState } from './position.js';
import { prepareSlot } from './setup.js';
import { defaultSlotName, qualify } from './slot.js';
import { readSnapshot } from './snapshot.js';
import { openStream, streamError } from './stream.js';

export { decode } from './decode.js';

/** Records a batch carries at most: each batch costs a durable write of the position, so more than other sources. */
export const BATCH = 1000;

/**
 * Opens the slot (creating it, with the publication when asked, and reading the initial snapshot
 * when `snapshot: initial` and none was acknowledged yet), then streams the tables' changes,
 * transaction by transaction, in commit order. `commit(…, n)` confirms to the server the end of
 * the last transaction whose changes are all below n, and stores it in
 * `<dataDir>/sources/<task>.postgres-cdc.json`: a restart starts from the later of the two, so it
 * re-reads at most the transaction in hand. Idle, it confirms the server's keepalive position, so
 * the slot does not hold WAL back while other tables are busy.
 *
 * @example const source = await openSource(config, { task: 'orders-cdc', dataDir: '.conflux' })
 */
export async function openSource(
  config: PostgresCdcSourceConfig,
  context: { task: string; dataDir: string },
): Promise<TaskSource> {
  const slot = config.slot ?? defaultSlotName(context.task);
  const publication = config.publication ?? defaultSlotName(context.task);
  const tables = config.tables.map(qualify);
  const store = new PositionFile<StoredState>(join(context.dataDir, 'sources'), context.task, 'postgres-cdc');
  const stored = await store.read();
  let state: StoredState = stored?.slot === slot ? stored : { slot };
  const inbox = new Inbox(tables.join(','), BATCH);
  const startingSnapshot = await prepareSlot(config, slot, publication, tables, state);
  if (startingSnapshot !== undefined) state = { slot };

  const position = new SourcePosition(state, (lsn) => stream.acknowledge(lsn));
  let room: (() => void) | undefined;
  const waitForRoom = () =>
    position.unacknowledged < MAX_UNACKED ? Promise.resolve() : new Promise<void>((resolve) => (room = resolve));
  const push = (change: RowChange, id: string) => {
    position.handedOver(inbox.push(changeRecord(change, id, Date.now())));
  };
  const stream = openStream({
    connectionString: config.connectionString,
    publication,
    tables,
    position,
    skipOnce: state.partial,
    push,
    fail: (error) => inbox.fail(error),
  });

  const streaming = (async () => {
    if (startingSnapshot !== undefined) {
      await readSnapshot(config.connectionString, startingSnapshot, tables, async (change, id) => {
        push(change, id);
        await waitForRoom();
      });
      if (position.snapshotRead()) await store.write(position.state); // the sink had every row before the last was counted
    }
    // started at the later of the slot's confirmed position and the one stored after the last acknowledgement
    await stream.follow(slot, position.state.lsn ?? '0/00000000');
  })().catch((error: unknown) => {
    if (!stream.stopping) inbox.fail(streamError(error));
  });

  return {
    run: (onBatch) => inbox.run(onBatch),
    async commit(_topic, _partition, nextOffset) {
      const changed = position.acknowledge(nextOffset);
      if (changed !== undefined) await store.write(changed);
      room?.();
      room = undefined;
      stream.resumeIfRoom();
    },
    async stop() {
      inbox.stop();
      room?.();
      await stream.stop();
      await streaming;
      stream.close();
    },
  };
}
