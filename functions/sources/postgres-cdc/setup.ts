/** What a postgres-cdc source makes sure of before it streams: the publication and the slot. */
import pg from 'pg';
import { ConfluxError, messageOf } from '../../../bus/errors.js';
import type { PostgresCdcSourceConfig } from './config.js';
import type { StoredState } from './position.js';
import {
  checkPublished,
  createSlot,
  createSlotWithSnapshot,
  dropSlot,
  type ExportedSlot,
  ensurePublication,
  slotExists,
} from './slot.js';

/**
 * Creates what is missing: the publication (when asked), the slot. Returns the exported snapshot
 * to read first when `snapshot: initial` was not yet acknowledged (a slot left by an unfinished
 * snapshot is dropped and made again: its snapshot is gone with the connection that exported it).
 *
 * @example const startingSnapshot = await prepareSlot(config, slot, publication, tables, state)
 */
export async function prepareSlot(
  config: PostgresCdcSourceConfig,
  slot: string,
  publication: string,
  tables: string[],
  state: StoredState,
): Promise<ExportedSlot | undefined> {
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
