/**
 * What the postgres-cdc and mysql-cdc receive tests share (not a test file itself): a source
 * opened on a fresh table and run, its records as row changes, the cleanups, and the scenarios both
 * sources must pass. Each test file keeps what differs: its database, its config and the checks
 * only its source can meet (before images, positions, transaction ids).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import type { CloudEvent } from '../../bus/event.js';
import type { StoredRecord } from '../../bus/log/types.js';
import type { RowChange } from '../../functions/adapters/source/cdc-change.js';
import { collect } from './source-run.js';

/** A source as the tests run it (what `collect` takes). */
type RunnableSource = Parameters<typeof collect>[0];

/** A test's table `(id int primary key, name, n int)` and the connection that made it. */
export interface CdcTable {
  table: string;
  /** `schema.table`, as the changes name it. */
  qualified: string;
  /** Runs SQL on the test's own connection. */
  query(sql: string): Promise<unknown>;
  /** A second connection, inserting `(id, 'new', id)`. */
  writer(): Promise<{ insert(id: number): Promise<void>; end(): Promise<void> }>;
}

/** A source opened by `open` and running: its batches and records as they come, `until(n)` records. */
export type OpenedSource = { source: RunnableSource } & ReturnType<typeof collect>;

/** Opens the test's source with some settings; `ack: false` acknowledges nothing it reads. */
export type Open<C> = (settings?: Partial<C>, ack?: boolean) => Promise<OpenedSource>;

/**
 * The test file's harness for one CDC source: registers an afterEach that runs every cleanup
 * (newest first, all of them, the first failure rethrown), reads records back as row changes, and
 * makes `open` functions whose sources are stopped after the test; with the scenarios below.
 *
 * @example const cdc = cdcHarness({ openSource, decode, tmpPrefix: 'conflux-pg-cdc-' })
 */
export function cdcHarness<C>(source: {
  openSource(config: C, context: { task: string; dataDir: string }): Promise<RunnableSource>;
  decode(record: StoredRecord, options: { withText: boolean }): { event: CloudEvent };
  tmpPrefix: string;
}) {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    const failures: unknown[] = [];
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error: unknown) => failures.push(error));
    if (failures.length > 0) throw failures[0];
  });
  const harness = {
    /** Runs `cleanup` after the test. */
    later(cleanup: () => Promise<void>): void {
      cleanups.push(cleanup);
    },
    /** The records' events' data, as row changes. */
    changes(records: StoredRecord[]): RowChange[] {
      return records.map((r) => source.decode(r, { withText: false }).event.data as unknown as RowChange);
    },
    /** The event of one record. */
    event(record: StoredRecord): CloudEvent {
      return source.decode(record, { withText: false }).event;
    },
    /** A fresh data directory for `task`, and an `open` with `config(settings)` there. */
    async opener(task: string, config: (settings: Partial<C>) => C): Promise<Open<C>> {
      const dataDir = await mkdtemp(join(tmpdir(), source.tmpPrefix));
      return async (settings = {}, ack = true) => {
        const opened = await source.openSource(config(settings), { task, dataDir });
        cleanups.push(() => opened.stop());
        const run = collect(opened, async (batch) => {
          if (ack) await opened.commit(batch.topic, 0, batch.records.at(-1)!.offset + 1);
        });
        return { source: opened, ...run };
      };
    },
  };
  return {
    ...harness,
    /** snapshotThenTransaction with this harness. */
    snapshotThenTransaction: (t: CdcTable, open: Open<C>, options: Parameters<typeof snapshotThenTransaction<C>>[3]) =>
      snapshotThenTransaction(harness, t, open, options),
    /** eachRowOnce with this harness. */
    eachRowOnce: (t: CdcTable, open: Open<C>, snapshot: Partial<C>) => eachRowOnce(harness, t, open, snapshot),
    /** skipsWhatTheSinkHad with this harness. */
    skipsWhatTheSinkHad: (t: CdcTable, open: Open<C>, firstBatch?: (batch: OpenedSource['batches'][number]) => void) =>
      skipsWhatTheSinkHad(harness, t, open, firstBatch),
  };
}

/** What a scenario needs of the harness. */
interface CdcHarness {
  changes(records: StoredRecord[]): RowChange[];
  event(record: StoredRecord): CloudEvent;
}

/**
 * Two rows read by the snapshot, then a transaction inserting, updating and deleting, then a
 * column added: checks the order, keys, snapshot row, added column, shared transaction id and
 * the event's envelope; returns the changes and the event of the first streamed one for the
 * source's own checks. `noteType` is the added column's SQL type.
 */
async function snapshotThenTransaction<C>(
  cdc: CdcHarness,
  t: CdcTable,
  open: Open<C>,
  options: { sourceType: string; noteType: string; snapshot: Partial<C> },
): Promise<{ got: RowChange[]; event: CloudEvent }> {
  await t.query(`INSERT INTO ${t.table} VALUES (1, 'a', 1), (2, 'b', 2)`);
  const { records, until } = await open(options.snapshot);
  await until(2);
  await t.query('BEGIN');
  await t.query(`INSERT INTO ${t.table} VALUES (3, 'c', 3)`);
  await t.query(`UPDATE ${t.table} SET n = 20 WHERE id = 2`);
  await t.query(`DELETE FROM ${t.table} WHERE id = 1`);
  await t.query('COMMIT');
  await t.query(`ALTER TABLE ${t.table} ADD COLUMN note ${options.noteType}`);
  await t.query(`INSERT INTO ${t.table} VALUES (4, 'd', 4, 'added')`);
  await until(6);
  const got = cdc.changes(records());
  expect(got.map((c) => [c.op, c.key])).toEqual([
    ['r', { id: 1 }],
    ['r', { id: 2 }],
    ['c', { id: 3 }],
    ['u', { id: 2 }],
    ['d', { id: 1 }],
    ['c', { id: 4 }],
  ]);
  expect(got[0]).toMatchObject({ table: t.qualified, before: null, after: { id: 1, name: 'a', n: 1 }, txId: null });
  expect(got[5]!.after).toEqual({ id: 4, name: 'd', n: 4, note: 'added' });
  expect(new Set(got.slice(2, 5).map((c) => c.txId)).size).toBe(1);
  const event = cdc.event(records()[2]!);
  expect(event).toMatchObject({
    source: `conflux:${options.sourceType}`,
    type: `${options.sourceType}:ConsumeMessage`,
    subject: t.qualified,
  });
  return { got, event };
}

/**
 * 300 rows in the table and a writer inserting more while the source opens with its snapshot:
 * checks every row comes once, by the snapshot (`r`) or the stream (`c`).
 */
async function eachRowOnce<C>(cdc: CdcHarness, t: CdcTable, open: Open<C>, snapshot: Partial<C>) {
  const values = Array.from({ length: 300 }, (_, i) => `(${i + 1}, 'old', ${i + 1})`).join(', ');
  await t.query(`INSERT INTO ${t.table} VALUES ${values}`);
  const writer = await t.writer();
  let stop = false;
  let next = 301;
  const writing = (async () => {
    while (!stop) await writer.insert(next++);
  })();
  const { records, until } = await open(snapshot);
  await until(320); // the snapshot and some streamed inserts
  stop = true;
  await writing;
  await writer.end();
  await until(next - 1);
  const ids = cdc.changes(records()).map((c) => Number(c.key.id));
  expect(ids.slice().sort((a, b) => a - b)).toEqual(Array.from({ length: next - 1 }, (_, i) => i + 1));
  expect(new Set(cdc.changes(records()).map((c) => c.op))).toEqual(new Set(['r', 'c']));
}

/**
 * Four changes in one transaction, the sink acknowledging two, a restart, one change more:
 * checks the restarted source hands over the two the sink did not have, then the new one.
 * `firstBatch` sees the first run's first batch before the acknowledgement.
 */
async function skipsWhatTheSinkHad<C>(
  cdc: CdcHarness,
  t: CdcTable,
  open: Open<C>,
  firstBatch: (batch: OpenedSource['batches'][number]) => void = () => {},
) {
  const first = await open({}, false);
  await t.query(`INSERT INTO ${t.table} VALUES (1, 'a', 1), (2, 'b', 2), (3, 'c', 3), (4, 'd', 4)`);
  await first.until(4);
  const batch = first.batches[0]!;
  firstBatch(batch);
  await first.source.commit(batch.topic, 0, batch.records[1]!.offset + 1); // two of the four
  await first.source.stop();
  const again = await open();
  await t.query(`INSERT INTO ${t.table} VALUES (5, 'e', 5)`);
  await again.until(3);
  expect(cdc.changes(again.records()).map((c) => c.key)).toEqual([{ id: 3 }, { id: 4 }, { id: 5 }]);
}
