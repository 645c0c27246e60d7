import { join } from 'node:path';
import ZongJi, { type AnyBinlogEvent, type RowData, type UpdateRowData } from '@vlasky/zongji';
import { ConfluxError, messageOf } from '../../../bus/errors.js';
import type { TaskSource } from '../../../bus/task/contract.js';
import { changeRecord, type RowChange, rowJson } from '../../adapters/source/cdc-change.js';
import { Inbox } from '../../adapters/source/inbox.js';
import { PositionFile } from '../../adapters/source/position.js';
import type { MysqlCdcSourceConfig } from './config.js';
import {
  type BinlogPosition,
  binlogEnd,
  connectServer,
  defaultServerId,
  primaryKey,
  qualify,
  serverAddress,
} from './server.js';
import { openSnapshot, type TableSnapshot } from './snapshot.js';

export { decode } from './decode.js';

/**
 * What the source keeps in the data directory: the binlog position after the last transaction the
 * sink has whole, and how many changes of the next one it already has (a batch may end inside a
 * transaction; those are skipped when it is read again). No file: nothing acknowledged yet.
 */
interface StoredState extends BinlogPosition {
  partial?: { txId: string; count: number };
}

/** Past this many changes handed over and not yet acknowledged, reading the binlog pauses. */
const MAX_UNACKED = 10_000;
/** Records a batch carries at most: each batch costs a durable write of the position, so more than other sources. */
export const BATCH = 1000;

/** The binlog events the source reads; the rest are not even decoded. */
const EVENTS = ['tablemap', 'writerows', 'updaterows', 'deleterows', 'xid', 'query', 'mariadbgtid', 'gtid', 'rotate'];

/**
 * Reads the row-based binlog with @vlasky/zongji (maintained; MySQL 5.7–8.4 and MariaDB; the
 * binlog connection is a replica's, so the server needs no plugin). Starts where the stored
 * position says; without one, after the initial snapshot (`snapshot: initial`) or at the binlog's
 * end, and stores that start at once. `commit(…, n)` stores, in
 * `<dataDir>/sources/<task>.mysql-cdc.json`, the position after the last transaction whose changes
 * are all below n, with how many of the next one the sink has: a restart repeats at most the batch in hand.
 *
 * @example const source = await openSource(config, { task: 'orders-cdc', dataDir: '.conflux' })
 */
export async function openSource(
  config: MysqlCdcSourceConfig,
  context: { task: string; dataDir: string },
): Promise<TaskSource> {
  const address = serverAddress(config.connectionString);
  const tables = config.tables.map((table) => qualify(table, address.database));
  const store = new PositionFile<StoredState>(join(context.dataDir, 'sources'), context.task, 'mysql-cdc');
  let state = await store.read();
  const control = await connectServer(address);
  const keys = new Map<string, string[]>();
  let snapshot: TableSnapshot | undefined;
  try {
    const end = await binlogEnd(control);
    for (const table of tables) keys.set(table, await primaryKey(control, table));
    if (state === undefined) {
      if (config.snapshot === 'initial') snapshot = await openSnapshot(address);
      state = snapshot?.position ?? end;
      if (snapshot === undefined) await store.write(state); // changes from now on are this task's
    }
  } catch (error) {
    await snapshot?.close();
    throw error instanceof ConfluxError ? error : connectError(error);
  } finally {
    await control.end().catch(() => {});
  }
  const start: StoredState = state;
  const inbox = new Inbox(tables.join(','), BATCH);
  let pushed = 0;
  let acknowledged = 0;
  let room: (() => void) | undefined;
  const push = (change: RowChange, id: string) => {
    pushed = inbox.push(changeRecord(change, id, Date.now())) + 1;
  };

  const zongji = new ZongJi({ ...address, supportBigNumbers: true, bigNumberStrings: true });
  const wanted = new Set(tables);
  const marks: { upTo: number; at: BinlogPosition }[] = []; // transaction ends, by the changes pushed before them
  const inHand: { offset: number; txId: string; index: number; last: boolean }[] = [];
  let skipOnce = start.partial;
  let transaction: { txId: string; at: string; index: number; skip: number } | undefined;
  let paused = false;
  let acked: StoredState = start;
  let snapshotEnd: number | undefined;

  const begin = (txId: string) => {
    const skip = skipOnce?.txId === txId ? skipOnce.count : 0;
    skipOnce = undefined; // only the first transaction read can be the one cut short
    transaction = { txId, at: `${zongji.options.filename}:${zongji.options.position}`, index: 0, skip };
  };
  const commitTransaction = () => {
    if (transaction !== undefined && inHand.at(-1)?.txId === transaction.txId) inHand.at(-1)!.last = true;
    transaction = undefined;
    marks.push({ upTo: pushed, at: { filename: zongji.options.filename!, position: zongji.options.position! } });
  };
  const rows = (
    event: AnyBinlogEvent & { tableId: number; tableMap: Record<number, { parentSchema: string; tableName: string }> },
  ) => {
    const map = event.tableMap[event.tableId];
    if (map === undefined) return;
    const table = `${map.parentSchema}.${map.tableName}`;
    if (!wanted.has(table)) return;
    transaction ??= {
      txId: event.gtid ?? `${zongji.options.filename}:${zongji.options.position}`,
      at: '',
      index: 0,
      skip: 0,
    };
    const tx = transaction;
    const keyColumns = keys.get(table) ?? [];
    const common = { table, position: tx.at, commitTime: new Date(event.timestamp).toISOString(), txId: tx.txId };
    const pick = (row: RowData) => Object.fromEntries(keyColumns.map((c) => [c, rowJson(row)![c] ?? null]));
    const name = event.getEventName();
    for (const row of (event as unknown as { rows: (RowData | UpdateRowData)[] }).rows) {
      let change: RowChange;
      if (name === 'writerows')
        change = { op: 'c', key: pick(row as RowData), before: null, after: rowJson(row as RowData), ...common };
      else if (name === 'deleterows')
        change = { op: 'd', key: pick(row as RowData), before: rowJson(row as RowData), after: null, ...common };
      else {
        const { before, after } = row as UpdateRowData;
        change = { op: 'u', key: pick(after), before: rowJson(before), after: rowJson(after), ...common };
      }
      const index = tx.index++;
      if (index < tx.skip) continue; // the sink has it from before the restart
      push(change, `${tx.txId}-${index}`);
      inHand.push({ offset: pushed - 1, txId: tx.txId, index, last: false });
    }
    if (pushed - acknowledged >= MAX_UNACKED && !paused) {
      paused = true;
      zongji.connection?.pause();
    }
  };

  zongji.on('binlog', (event: AnyBinlogEvent) => {
    switch (event.getEventName()) {
      case 'mariadbgtid':
      case 'gtid':
        begin(event.gtid ?? `${zongji.options.filename}:${zongji.options.position}`);
        return;
      case 'writerows':
      case 'updaterows':
      case 'deleterows':
        rows(event as Parameters<typeof rows>[0]);
        return;
      case 'xid':
        commitTransaction();
        return;
      case 'query': {
        const query = (event as { query: string }).query.trim().toUpperCase();
        if (query === 'COMMIT') commitTransaction(); // a transaction on tables without XA (MyISAM)
        return;
      }
      default:
        return;
    }
  });
  zongji.on('error', (error: Error) => inbox.fail(streamError(error)));

  let stopping = false;
  const reading = (async () => {
    if (snapshot !== undefined) {
      try {
        await snapshot.read(tables, keys, async (change, id) => {
          push(change, id);
          if (pushed - acknowledged >= MAX_UNACKED) await new Promise<void>((resolve) => (room = resolve));
        });
      } finally {
        await snapshot.close();
      }
      snapshotEnd = pushed;
      if (acknowledged >= snapshotEnd) await store.write(start);
    }
    if (stopping) return;
    zongji.start({
      serverId: config.serverId ?? defaultServerId(context.task),
      filename: start.filename,
      position: start.position,
      includeEvents: EVENTS,
      includeSchema: schemaFilter(tables),
    });
  })().catch((error: unknown) => {
    if (!stopping) inbox.fail(streamError(error));
  });

  return {
    run: (onBatch) => inbox.run(onBatch),
    async commit(_topic, _partition, nextOffset) {
      acknowledged = Math.max(acknowledged, nextOffset);
      let at: BinlogPosition | undefined;
      while (marks.length > 0 && marks[0]!.upTo <= acknowledged) at = marks.shift()!.at;
      let done: (typeof inHand)[number] | undefined;
      while (inHand.length > 0 && inHand[0]!.offset < acknowledged) done = inHand.shift();
      const partial = done === undefined || done.last ? undefined : { txId: done.txId, count: done.index + 1 };
      const snapshotDone = snapshotEnd !== undefined && acknowledged >= snapshotEnd;
      if (snapshotDone) snapshotEnd = undefined;
      if (at !== undefined || done !== undefined || snapshotDone) {
        const position = at ?? { filename: acked.filename, position: acked.position };
        acked = partial === undefined ? position : { ...position, partial };
        await store.write(acked);
      }
      room?.();
      room = undefined;
      if (paused && pushed - acknowledged < MAX_UNACKED / 2) {
        paused = false;
        zongji.connection?.resume();
      }
    },
    async stop() {
      stopping = true;
      inbox.stop();
      room?.();
      await reading;
      await new Promise<void>((resolve) => {
        zongji.once('stopped', () => resolve());
        zongji.stop();
      });
    },
  };
}

/** zongji's schema filter for `db.table` names: `{ db: [table, …] }`. */
function schemaFilter(tables: readonly string[]): Record<string, string[]> {
  const filter: Record<string, string[]> = {};
  for (const table of tables) {
    const [database, name] = table.split('.') as [string, string];
    filter[database] = [...(filter[database] ?? []), name];
  }
  return filter;
}

function connectError(error: unknown): ConfluxError {
  return new ConfluxError('source.mysql-cdc.connect', `cannot prepare binlog reading: ${messageOf(error)}`, {
    path: 'source.connectionString',
    retriable: true,
    cause: error,
  });
}

function streamError(error: unknown): ConfluxError {
  if (error instanceof ConfluxError) return error;
  return new ConfluxError('source.mysql-cdc.stream', `reading the binlog failed: ${messageOf(error)}`, {
    retriable: true,
    cause: error,
  });
}
