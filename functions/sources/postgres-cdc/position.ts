/**
 * Where a postgres-cdc source stands: what it handed over, what the sink acknowledged, and so what
 * it may confirm to the server and store in the data directory.
 */

/**
 * What the source keeps in the data directory: its slot, whether the snapshot was acknowledged,
 * the end of the last transaction acknowledged whole, and how many changes of the next one the
 * sink already has (a batch may end inside a transaction; those are skipped when it comes again).
 */
export interface StoredState {
  slot: string;
  snapshotDone?: boolean;
  lsn?: string;
  partial?: { xid: number; count: number };
}

/** Past this many changes handed over and not yet acknowledged, reading pauses. */
export const MAX_UNACKED = 10_000;

/**
 * The acknowledgement bookkeeping of one run: offsets handed over and acknowledged, the
 * transaction ends by the changes before them, and the streamed changes in hand. `confirm` tells
 * the server an LSN is processed (the slot may free WAL up to it).
 *
 * @example const position = new SourcePosition(state, (lsn) => stream.acknowledge(lsn))
 */
export class SourcePosition {
  /** The changes handed over (snapshot rows and streamed changes): the next record's offset. */
  pushed = 0;
  /** The offset below which the sink has everything. */
  acknowledged = 0;
  /** The last LSN confirmed to the server. */
  confirmed: string;
  private snapshotEnd: number | undefined;
  /** transaction ends, by the changes pushed before them */
  private readonly marks: { upTo: number; lsn: string }[] = [];
  /** the streamed changes handed over and not yet acknowledged, with their place in their transaction */
  private readonly inHand: { offset: number; xid: number; index: number; last: boolean }[] = [];

  constructor(
    /** What the data directory holds, as of the last acknowledgement. */
    public state: StoredState,
    private readonly sendConfirm: (lsn: string) => void,
  ) {
    this.confirmed = state.lsn ?? '0/0';
  }

  /** Changes handed over and not yet acknowledged. */
  get unacknowledged(): number {
    return this.pushed - this.acknowledged;
  }

  /** A record was handed over at `offset`. */
  handedOver(offset: number): void {
    this.pushed = offset + 1;
  }

  /** The change just handed over came from the stream, the `index`th of transaction `xid`. */
  streamed(xid: number, index: number): void {
    this.inHand.push({ offset: this.pushed - 1, xid, index, last: false });
  }

  /** Transaction `xid` (the one open, if any) committed, ending at `commitEndLsn`. */
  transactionEnded(xid: number | undefined, commitEndLsn: string | null): void {
    if (this.inHand.at(-1)?.xid === xid) this.inHand.at(-1)!.last = true;
    if (commitEndLsn !== null) this.marks.push({ upTo: this.pushed, lsn: commitEndLsn });
    this.settle();
  }

  /**
   * The server's keepalive at `lsn`. Idle (nothing in hand, no transaction open): everything up to
   * its position is ours to confirm; otherwise the last confirmed position is repeated when asked.
   */
  keepalive(lsn: string, inTransaction: boolean, shouldRespond: boolean): void {
    if (
      !inTransaction &&
      this.marks.length === 0 &&
      this.acknowledged === this.pushed &&
      this.snapshotEnd === undefined
    ) {
      if (compareLsn(lsn, this.confirmed) > 0) this.confirm(lsn);
    } else if (shouldRespond) this.confirm(this.confirmed);
  }

  /** The snapshot's last row was handed over; true when the sink already had them all (store the state). */
  snapshotRead(): boolean {
    this.snapshotEnd = this.pushed;
    return this.snapshotAcknowledged();
  }

  /**
   * The sink has everything below `nextOffset`: confirms the transactions it has whole. Returns
   * the state to store when it changed, else `undefined`.
   */
  acknowledge(nextOffset: number): StoredState | undefined {
    this.acknowledged = Math.max(this.acknowledged, nextOffset);
    const before = this.confirmed;
    this.settle();
    let done: (typeof this.inHand)[number] | undefined;
    while (this.inHand.length > 0 && this.inHand[0]!.offset < this.acknowledged) done = this.inHand.shift();
    const partial = done === undefined || done.last ? undefined : { xid: done.xid, count: done.index + 1 };
    const changed = this.snapshotAcknowledged() || this.confirmed !== before || done !== undefined;
    if (!changed) return undefined;
    const { partial: _, ...rest } = this.state;
    this.state = {
      ...rest,
      ...(this.confirmed === '0/0' ? {} : { lsn: this.confirmed }),
      ...(partial === undefined ? {} : { partial }),
    };
    return this.state;
  }

  /** Once the sink has every snapshot row: notes it in the state (true when it just did). */
  private snapshotAcknowledged(): boolean {
    if (this.snapshotEnd === undefined || this.acknowledged < this.snapshotEnd) return false;
    this.snapshotEnd = undefined;
    this.state = { ...this.state, snapshotDone: true };
    return true;
  }

  /** Confirms the end of the last transaction whose changes are all acknowledged. */
  private settle(): void {
    let lsn: string | undefined;
    while (this.marks.length > 0 && this.marks[0]!.upTo <= this.acknowledged) lsn = this.marks.shift()!.lsn;
    if (lsn !== undefined) this.confirm(lsn);
  }

  private confirm(lsn: string): void {
    this.confirmed = lsn;
    this.sendConfirm(lsn);
  }
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
