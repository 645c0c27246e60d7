/** The logical replication stream of a postgres-cdc source: pgoutput messages → row changes, in commit order. */
import type { Socket } from 'node:net';
import { LogicalReplicationService, type Pgoutput, PgoutputPlugin } from 'pg-logical-replication';
import { ConfluxError, messageOf } from '../../../bus/errors.js';
import type { RowChange } from '../../adapters/source/cdc-change.js';
import { isoTime, toChange } from './change.js';
import { MAX_UNACKED, type SourcePosition, type StoredState } from './position.js';

/** A replication connection, set up and not yet following its slot. */
export interface ReplicationStream {
  /** True once `stop` was called. */
  readonly stopping: boolean;
  /** Tells the server everything up to `lsn` is processed. */
  acknowledge(lsn: string): void;
  /**
   * Streams the slot from `from` (the server starts at the later of it and the slot's confirmed
   * position) until stopped; rejects when the stream ends otherwise. Does nothing once stopped.
   */
  follow(slot: string, from: string): Promise<void>;
  /** Reads again, if reading was paused, once fewer than half of MAX_UNACKED changes wait. */
  resumeIfRoom(): void;
  /** Ends the replication connection (a stop during set-up ends it as soon as it runs). */
  stop(): Promise<void>;
  /** Drops the listeners, once the stream has settled. */
  close(): void;
}

/**
 * Opens a replication connection that hands `push` the changes of `tables`, transaction by
 * transaction, skipping the first `skipOnce.count` changes of transaction `skipOnce.xid` (the
 * sink has them from before a restart). `position` hears what was handed over and committed;
 * reading pauses while MAX_UNACKED changes wait. Errors go to `fail`.
 *
 * @example const stream = openStream({ connectionString, publication, tables, position, skipOnce, push, fail })
 */
export function openStream(options: {
  connectionString: string;
  publication: string;
  tables: readonly string[];
  position: SourcePosition;
  skipOnce: StoredState['partial'];
  push: (change: RowChange, id: string) => void;
  fail: (error: ConfluxError) => void;
}): ReplicationStream {
  const { position, push } = options;
  let stopping = false;
  const service = new LogicalReplicationService(
    { connectionString: options.connectionString },
    { acknowledge: { auto: false, timeoutSeconds: 0 } },
  );
  const plugin = new PgoutputPlugin({ protoVersion: 1, publicationNames: [options.publication] });
  const wanted = new Set(options.tables);
  let transaction: { xid: number; commitTime: string; index: number; skip: number } | undefined;
  let skipOnce = options.skipOnce;
  let paused = false;
  const socket = () => (service as unknown as { _connection?: { stream?: Socket } })._connection?.stream;

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
        position.streamed(transaction.xid, index);
        // the socket is paused rather than the handler awaited: the library emits synchronously
        if (position.unacknowledged >= MAX_UNACKED && !paused) {
          paused = true;
          socket()?.pause();
        }
        return;
      }
      case 'commit':
        position.transactionEnded(transaction?.xid, message.commitEndLsn);
        transaction = undefined;
        return;
      default:
        return; // relation, type, origin, truncate, message: nothing to emit
    }
  });
  service.on('heartbeat', (lsn: string, _time: number, shouldRespond: boolean) => {
    position.keepalive(lsn, transaction !== undefined, shouldRespond);
  });
  service.on('error', (error: Error) => options.fail(streamError(error)));
  /** Closes the replication connection's socket: the server ends its walsender, the pending stream settles. */
  const hangUp = () => socket()?.destroy();
  let replicating = false;
  // a stop that came while the stream was being set up ends it as soon as it runs (ending the
  // client while it connects would leave its connect pending for good)
  service.on('start', () => {
    replicating = true;
    if (stopping) hangUp();
  });

  return {
    get stopping() {
      return stopping;
    },
    acknowledge(lsn) {
      void service.acknowledge(lsn);
    },
    async follow(slot, from) {
      if (stopping) return; // stopped before (during the snapshot): the stream is never started
      await service.subscribe(plugin, slot, from);
      if (!stopping)
        throw new ConfluxError('source.postgres-cdc.lost', 'the replication stream ended', { retriable: true });
    },
    resumeIfRoom() {
      if (paused && position.unacknowledged < MAX_UNACKED / 2) {
        paused = false;
        socket()?.resume();
      }
    },
    async stop() {
      stopping = true;
      if (replicating) {
        hangUp();
        // the library's stop waits for the connection's end; the socket is closed already
        await Promise.race([
          service.stop().catch(() => {}),
          new Promise((resolve) => setTimeout(resolve, 1000).unref()),
        ]);
      }
    },
    close() {
      service.removeAllListeners();
    },
  };
}

/**
 * An error of the stream as the source reports it: retriable, naming logical replication.
 *
 * @example inbox.fail(streamError(error))
 */
export function streamError(error: unknown): ConfluxError {
  if (error instanceof ConfluxError) return error;
  return new ConfluxError('source.postgres-cdc.stream', `logical replication failed: ${messageOf(error)}`, {
    retriable: true,
    cause: error,
  });
}
