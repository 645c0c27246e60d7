import type { StoredRecord } from '../../../bus/log/types.js';
import type { DecodedEvent } from '../../../bus/task/contract.js';
import { decodeChange } from '../../adapters/source/cdc-change.js';

const NAMES = { source: 'conflux:postgres-cdc', type: 'postgres-cdc:ConsumeMessage' };

/**
 * A row change → the CloudEvent the source emits, named after Alibaba DTS's change events
 * (`acs:dts` / `dts:ConsumeMessage`): `source: "conflux:postgres-cdc"`,
 * `type: "postgres-cdc:ConsumeMessage"`, `subject: "<schema>.<table>"`, `time` the commit time,
 * `id` `<LSN>-<n>` (the same when read again), `data: {op, table, key, before, after, position, commitTime, txId}`.
 *
 * @example decode(record, { withText: false }).event.data // { op: 'c', table: 'public.orders', key: { id: 1 }, … }
 */
export function decode(record: StoredRecord, options: { withText: boolean }): DecodedEvent {
  return decodeChange(record, NAMES, options);
}
