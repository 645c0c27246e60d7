import type { Socket } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { LogicalReplicationService, type Pgoutput, PgoutputPlugin } from 'pg-logical-replication';
import { ConfluxError, messageOf } from '../../../bus/errors.js';
import type { TaskSource } from '../../../bus/task/contract.js';
import { changeRecord, type RowChange, rowJson } from '../../shared/cdc-change.js';
import { Inbox } from '../../shared/source-inbox.js';
import { PositionFile } from '../../shared/source-position.js';
import type { PostgresCdcSourceConfig } from './config.js';
import {
  checkPublished,
  createSlot,
  createSlotWithSnapshot,
  defaultSlotName,
  dropSlot,
  ensurePublication,
  qualify,
  slotExists,
} from './slot.js';
import { readSnapshot } from './snapshot.js';

export { decode } from './decode.js';

/**
 * What the source keeps in the data directory: its slot, whether the snapshot was acknowledged,
 * the end of the last transaction acknowledged whole, and how many changes of the next one the
 * sink already has (a batch may end inside a transaction; those are skipped when it comes again).
 */
interface StoredState {
  slot: string;
  snapshotDone?: boolean;
  lsn?: string;
  partial?: { xid: number; count: number };
}

/** Past this many changes handed over and not yet acknowledged, reading the stream pauses. */
const MAX_UNACKED = 10_000;
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

  let pushed = 0;
  let acknowledged = 0;
  let snapshotEnd: number | undefined;
  let room: (() => void) | undefined;
  const waitForRoom = () =>
    pushed - acknowledged < MAX_UNACKED ? Promise.resolve() : new Promise<void>((resolve) => (room = resolve));
  /** Once the sink has every snapshot row: notes it in the state (true when it just did). */
  const snapshotAcknowledged = () => {
    if (snapshotEnd === undefined || acknowledged < snapshotEnd) return false;
    snapshotEnd = undefined;
    state = { ...state, snapshotDone: true };
    return true;
  };
  const push = (change: RowChange, id: string) => {
    pushed = inbox.push(changeRecord(change, id, Date.now())) + 1;
  };

  let stopping = false;
  const service = new LogicalReplicationService(
    { connectionString: config.connectionString },
    { acknowledge: { auto: false, timeoutSeconds: 0 } },
  );
  const plugin = new PgoutputPlugin({ protoVersion: 1, publicationNames: [publication] });
  const wanted = new Set(tables);
  const marks: { upTo: number; lsn: string }[] = []; // transaction ends, by the changes pushed before them
  let transaction: { xid: number; commitTime: string; index: number; skip: number } | undefined;
  // the streamed changes handed over and not yet acknowledged, with their place in their transaction
  const inHand: { offset: number; xid: number; index: number; last: boolean }[] = [];
  let skipOnce = state.partial;
  let confirmed = state.lsn ?? '0/0';
  let paused = false;
  const socket = () => (service as unknown as { _connection?: { stream?: Socket } })._connection?.stream;

  const confirm = (lsn: string) => {
    confirmed = lsn;
    void service.acknowledge(lsn);
  };
  const settle = () => {
    let lsn: string | undefined;
    while (marks.length > 0 && marks[0]!.upTo <= acknowledged) lsn = marks.shift()!.lsn;
    if (lsn !== undefined) confirm(lsn);
  };

  service.on('data', (lsn: string, message: Pgoutput.Message) => {
    switch (message.tag) {
      case 'begin': {
        const skip = skipOnce?.xid === message.xid ? skipOnce.count : 0;
        skipOnce = undefined; // only the first transaction streamed can be the one cut short
        transaction = { xid: message.xid, commitTime: isoTime(message.commitTime), index: 0, skip };
        return;
      }
      case 'insert':
      case 'update':
      case 'delete': {
        const table = `${message.relation.schema}.${message.relation.name}`;
        if (!wanted.has(table) || transaction === undefined) return;
        const index = transaction.index++;
        if (index < transaction.skip) return; // the sink has it from before the restart
        push(toChange(message, table, lsn, transaction), `${lsn}-${index}`);
        inHand.push({ offset: pushed - 1, xid: transaction.xid, index, last: false });
        // the socket is paused rather than the handler awaited: the library emits synchronously
        if (pushed - acknowledged >= MAX_UNACKED && !paused) {
          paused = true;
          socket()?.pause();
        }
        return;
      }
      case 'commit':
        if (inHand.at(-1)?.xid === transaction?.xid) inHand.at(-1)!.last = true;
        transaction = undefined;
        if (message.commitEndLsn !== null) marks.push({ upTo: pushed, lsn: message.commitEndLsn });
        settle();
        return;
      default:
        return; // relation, type, origin, truncate, message: nothing to emit
    }
  });
  service.on('heartbeat', (lsn: string, _time: number, shouldRespond: boolean) => {
    // idle (nothing in hand, no transaction open): everything up to the keepalive's position is ours
    if (transaction === undefined && marks.length === 0 && acknowledged === pushed && snapshotEnd === undefined) {
      if (compareLsn(lsn, confirmed) > 0) confirm(lsn);
    } else if (shouldRespond) confirm(confirmed);
  });
  service.on('error', (error: Error) => inbox.fail(streamError(error)));
  /** Closes the replication connection's socket: the server ends its walsender, the pending stream settles. */
  const hangUp = () => socket()?.destroy();
  let replicating = false;
  // a stop that came while the stream was being set up ends it as soon as it runs (ending the
  // client while it connects would leave its connect pending for good)
  service.on('start', () => {
    replicating = true;
    if (stopping) hangUp();
  });

  const streaming = (async () => {
    if (startingSnapshot !== undefined) {
      await readSnapshot(config.connectionString, startingSnapshot, tables, async (change, id) => {
        push(change, id);
        await waitForRoom();
      });
      snapshotEnd = pushed;
      if (snapshotAcknowledged()) await store.write(state); // the sink had every row before the last was counted
    }
    if (stopping) return; // stopped during the snapshot: the stream is never started
    // started at the later of the slot's confirmed position and the one stored after the last acknowledgement
    await service.subscribe(plugin, slot, state.lsn ?? '0/00000000');
    if (!stopping)
      throw new ConfluxError('source.postgres-cdc.lost', 'the replication stream ended', { retriable: true });
  })().catch((error: unknown) => {
    if (!stopping) inbox.fail(streamError(error));
  });

  return {
    run: (onBatch) => inbox.run(onBatch),
    async commit(_topic, _partition, nextOffset) {
      acknowledged = Math.max(acknowledged, nextOffset);
      const before = confirmed;
      settle();
      let done: (typeof inHand)[number] | undefined;
      while (inHand.length > 0 && inHand[0]!.offset < acknowledged) done = inHand.shift();
      const partial = done === undefined || done.last ? undefined : { xid: done.xid, count: done.index + 1 };
      const changed = snapshotAcknowledged() || confirmed !== before || done !== undefined;
      if (changed) {
        const { partial: _, ...rest } = state;
        state = {
          ...rest,
          ...(confirmed === '0/0' ? {} : { lsn: confirmed }),
          ...(partial === undefined ? {} : { partial }),
        };
        await store.write(state);
      }
      room?.();
      room = undefined;
      if (paused && pushed - acknowledged < MAX_UNACKED / 2) {
        paused = false;
        socket()?.resume();
      }
    },
    async stop() {
      stopping = true;
      inbox.stop();
      room?.();
      if (replicating) {
        hangUp();
        // the library's stop waits for the connection's end; the socket is closed already
        await Promise.race([
          service.stop().catch(() => {}),
          new Promise((resolve) => setTimeout(resolve, 1000).unref()),
        ]);
      }
      await streaming;
      service.removeAllListeners();
    },
  };
}

/**
 * Creates what is missing: the publication (when asked), the slot. Returns the exported snapshot
 * to read first when `snapshot: initial` was not yet acknowledged (a slot left by an unfinished
 * snapshot is dropped and made again: its snapshot is gone with the connection that exported it).
 */
async function prepareSlot(
  config: PostgresCdcSourceConfig,
  slot: string,
  publication: string,
  tables: string[],
  state: StoredState,
) {
  const admin = new pg.Client({ connectionString: config.connectionString });
  try {
    await admin.connect();
    await ensurePublication(admin, publication, tables, config.createPublication);
    await checkPublished(admin, publication, tables);
    const exists = await slotExists(admin, slot);
    if (config.snapshot === 'initial' && state.snapshotDone !== true) {
      if (exists) await dropSlot(admin, slot);
      return await createSlotWithSnapshot(config.connectionString, slot);
    }
    if (!exists) await createSlot(admin, slot);
    return undefined;
  } catch (error) {
    if (error instanceof ConfluxError) throw error;
    throw new ConfluxError('source.postgres-cdc.connect', `cannot prepare replication: ${messageOf(error)}`, {
      path: 'source.connectionString',
      retriable: true,
      cause: error,
    });
  } finally {
    await admin.end().catch(() => {});
  }
}

function toChange(
  message: Pgoutput.MessageInsert | Pgoutput.MessageUpdate | Pgoutput.MessageDelete,
  table: string,
  lsn: string,
  transaction: { xid: number; commitTime: string },
): RowChange {
  const keyColumns = message.relation.keyColumns;
  const common = { table, position: lsn, commitTime: transaction.commitTime, txId: String(transaction.xid) };
  const pick = (row: Record<string, unknown> | null) =>
    Object.fromEntries(keyColumns.map((column) => [column, rowJson(row)?.[column] ?? null]));
  switch (message.tag) {
    case 'insert':
      return { op: 'c', key: pick(message.new), before: null, after: rowJson(message.new), ...common };
    case 'update':
      return {
        op: 'u',
        key: pick(message.new),
        before: rowJson(message.old ?? message.key),
        after: rowJson(message.new),
        ...common,
      };
    case 'delete': {
      const before = message.old ?? message.key;
      return { op: 'd', key: pick(before), before: rowJson(before), after: null, ...common };
    }
  }
}

/** Microseconds since the Unix epoch (the library's BigInt of a pgoutput time) → ISO 8601. */
function isoTime(micros: { toString(): string }): string {
  return new Date(Number(BigInt(micros.toString()) / 1000n)).toISOString();
}

/** -1, 0 or 1 as LSN `a` is before, at or after `b`. */
function compareLsn(a: string, b: string): number {
  const value = (lsn: string) => {
    const [high, low] = lsn.split('/');
    return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
  };
  const [x, y] = [value(a), value(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

function streamError(error: unknown): ConfluxError {
  if (error instanceof ConfluxError) return error;
  return new ConfluxError('source.postgres-cdc.stream', `logical replication failed: ${messageOf(error)}`, {
    retriable: true,
    cause: error,
  });
}
