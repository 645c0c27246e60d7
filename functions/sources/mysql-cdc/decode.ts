import type { StoredRecord } from '../../../bus/log/types.js';
import type { DecodedEvent } from '../../../bus/task/contract.js';
import { decodeChange } from '../../adapters/source/cdc-change.js';

const NAMES = { source: 'conflux:mysql-cdc', type: 'mysql-cdc:ConsumeMessage' };

/**
 * A row change → the CloudEvent the source emits, named after Alibaba DTS's change events:
 * `source: "conflux:mysql-cdc"`, `type: "mysql-cdc:ConsumeMessage"`, `subject: "<database>.<table>"`,
 * `time` the commit time, `id` `<GTID>-<n>` (the same when read again),
 * `data: {op, table, key, before, after, position: "<binlog file>:<offset>", commitTime, txId: <GTID>}`.
 *
 * @example decode(record, { withText: false }).event.data // { op: 'u', table: 'shop.orders', key: { id: 7 }, … }
 */
export function decode(record: StoredRecord, options: { withText: boolean }): DecodedEvent {
  return decodeChange(record, NAMES, options);
}
