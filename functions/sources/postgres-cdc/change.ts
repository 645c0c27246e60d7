/** A pgoutput row message → the row change a postgres-cdc source hands over. */
import type { Pgoutput } from 'pg-logical-replication';
import { type RowChange, rowJson } from '../../adapters/source/cdc-change.js';

/**
 * An insert, update or delete of `table` at `lsn`, in `transaction`, as a RowChange: `key` holds
 * the relation's key columns, `before` the old row (or its key) as the server sent it.
 *
 * @example toChange(message, 'public.orders', '0/16B3748', { xid: 731, commitTime }).op // 'c'
 */
export function toChange(
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

/**
 * Microseconds since the Unix epoch (the library's BigInt of a pgoutput time) → ISO 8601.
 *
 * @example isoTime(1700000000000000n) // '2023-11-14T22:13:20.000Z'
 */
export function isoTime(micros: { toString(): string }): string {
  return new Date(Number(BigInt(micros.toString()) / 1000n)).toISOString();
}
